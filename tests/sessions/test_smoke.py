from sessions import services


def test_registration_confirms_while_seats_remain(db, open_session, job_seeker):
    registration, created = services.registration_create(session=open_session, job_seeker=job_seeker, actor=None)
    assert created
    assert registration.status == "confirmed"
