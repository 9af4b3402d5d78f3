"""Reference content of the demo data: Vietnamese names, majors, vacancy templates, employers and venues of
Hanoi."""

from sessions.demo.helpers import bars, table, weighted, words

FAMILY_NAMES = weighted(
    "Nguyễn 36, Trần 11, Lê 9, Phạm 7.5, Hoàng 5, Huỳnh 1.5, Phan 4, Vũ 5, Võ 1.5, Đặng 2.5, Bùi 2.5, Đỗ 2.5, "
    "Hồ 1.2, Ngô 1.5, Dương 1.2, Lý 0.5"
)
MALE_MIDDLE = weighted(
    "Văn 24, Đức 10, Minh 10, Quang 7, Hữu 6, Thành 5, Ngọc 3, Xuân 4, Công 5, Mạnh 3, Duy 4, Việt 4, Hoàng 3, "
    "Trung 3, Tiến 3, Đình 4, Bá 2, Tuấn 2, Hải 2"
)
FEMALE_MIDDLE = weighted(
    "Thị 30, Thu 8, Ngọc 8, Thanh 7, Minh 5, Phương 5, Hồng 5, Kim 4, Thùy 5, Mai 3, Diệu 2, Khánh 3, Bảo 3, "
    "Hải 3, Quỳnh 2, Hà 2"
)
MALE_GIVEN = words(
    "An Anh Bình Cường Dũng Duy Đức Hải Hiếu Hoàng Hùng Huy Khánh Khoa Kiên Long Mạnh Minh Nam Nghĩa Phong Phúc "
    "Quân Quang Sơn Tài Thắng Thành Toàn Trung Tú Tuấn Việt Vinh Hưng Đạt Lâm Thịnh Tùng Hiệp Lộc Hào Đông"
)
FEMALE_GIVEN = words(
    "An Anh Châu Chi Dung Giang Hà Hạnh Hằng Hiền Hoa Hồng Huyền Hương Lan Linh Loan Mai My Nga Ngân Ngọc Nhung "
    "Oanh Phương Quỳnh Thảo Thủy Trang Vân Yến Hoài Thư Uyên Vy Hòa Liên Tâm Nhàn"
)
AGE_BANDS = weighted("18-24 30, 25-34 35, 35-44 20, 45-54 12, 55-59 3", cast=lambda v: tuple(map(int, v.split("-"))))
BIRTH_PROVINCES = weighted(
    "001 55, 034 5, 036 5, 035 3, 033 4, 030 3, 027 3, 026 3, 024 3, 025 3, 037 3, 038 4, 040 3, 042 2, 019 2"
)
QUALIFICATION_CODES = words(
    "untrained skilled_no_certificate elementary intermediate college university master doctorate"
)
QUAL_RANK = {code: rank for rank, code in enumerate(QUALIFICATION_CODES)}
QUALIFICATIONS = weighted(
    "untrained 30, skilled_no_certificate 5, elementary 7, intermediate 12, college 14, university 28, master 3.5, "
    "doctorate 0.2"
)
LOW_EDUCATION = weighted("upper_secondary 55, lower_secondary 35, primary 8, primary_incomplete 2")
VOCATIONAL_MAJORS = bars(
    "Điện công nghiệp|Hàn|Công nghệ ô tô|May thời trang|Kế toán doanh nghiệp|Điện tử công nghiệp|"
    "Kỹ thuật chế biến món ăn|Quản trị khách sạn|Điều dưỡng|Tin học ứng dụng|Cắt gọt kim loại|Kỹ thuật xây dựng"
)
UNIVERSITY_MAJORS = bars(
    "Công nghệ thông tin|Kế toán|Quản trị kinh doanh|Tài chính – Ngân hàng|Marketing|Ngôn ngữ Anh|Luật kinh tế|"
    "Kỹ thuật cơ khí|Kỹ thuật điện|Kỹ thuật xây dựng|Giáo dục mầm non|Điều dưỡng|Quản trị nhân lực|"
    "Logistics và quản lý chuỗi cung ứng|Quản trị dịch vụ du lịch và lữ hành"
)
SKILLS = bars(
    "Tin học văn phòng|Tiếng Anh giao tiếp|Giao tiếp khách hàng|Lái xe hạng B|Lái xe hạng C|Sử dụng Excel thành thạo|"
    "Đọc bản vẽ kỹ thuật|Bán hàng|Làm việc theo ca|Tiếng Nhật N3|Tiếng Hàn sơ cấp|Kế toán trên phần mềm MISA|"
    "Vận hành xe nâng|Sơ cứu cơ bản"
)
VILLAGES = words("Đông Đoài Nam Bắc Thượng Hạ Trung Cao Đình Chùa Mới 1 2 3 4 5 6 7 8")
COHORT_SHORT = {
    "ds": "discharged_soldier",
    "pc": "police_completed_service",
    "pt": "part_time_worker",
    "dis": "disabled",
    "rp": "released_prisoner",
    "pr": "post_rehab",
    "sg": "student_graduate",
    "ui": "unemployment_insurance",
}
EDUCATION_SHORT = {"l": "lower_secondary", "u": "upper_secondary", "": ""}

# Vacancy templates: VSIC section | VSCO 2020 code | title | min education (l/u/-) | min qualification (rank 0-7) |
# experience | salary min | max (million VND) | typical places | part-time possible | extra benefits | cohorts.
TEMPLATE_ROWS = table("""
    C|8212|Công nhân lắp ráp linh kiện điện tử|l|0|none|6.5|9|40|0|meals shuttle_bus dormitory|sg
    C|7233|Kỹ thuật viên bảo trì máy|u|3|1-2|9|14|4|0|meals shuttle_bus|ds
    C|8153|Công nhân may công nghiệp|l|0|none|6.5|11|30|0|meals childcare|
    C|8160|Công nhân chế biến thực phẩm|l|0|none|6|8.5|20|0|meals|rp
    C|7543|Nhân viên kiểm tra chất lượng (QC)|u|3|lt1|7.5|11|6|0|meals|
    C|2144|Kỹ sư cơ khí|u|5|1-2|14|22|3|0|training promotion|
    C|9329|Lao động phổ thông đóng gói|l|0|none|6|7.5|25|0|meals|dis pr
    F|2142|Kỹ sư xây dựng|u|5|2-5|16|25|3|0|travel_allowance|
    F|3112|Kỹ thuật viên giám sát công trình|u|4|1-2|10|15|4|0|travel_allowance|
    F|7112|Thợ nề||1|1-2|10|14|10|0|meals|rp
    F|7411|Thợ điện công trình|u|2|lt1|10|15|6|0|meals|ds
    F|7212|Thợ hàn|l|2|1-2|11|16|8|0|meals|pr
    G|5223|Nhân viên bán hàng|u|0|none|6.5|10|12|1|promotion|sg pt
    G|5230|Thu ngân|u|0|none|6.5|9|6|1||pt dis
    G|3322|Nhân viên kinh doanh|u|4|lt1|8|20|8|0|promotion travel_allowance|
    G|7231|Kỹ thuật viên sửa chữa ô tô|u|3|1-2|10|18|4|0|training|
    G|4321|Nhân viên kho|u|0|none|7|9.5|5|0|meals|ui
    H|8322|Lái xe ô tô con|u|2|2-5|10|15|6|0||ds pc
    H|8332|Lái xe tải|u|2|2-5|12|18|8|0|travel_allowance|ds
    H|8331|Lái xe buýt|u|2|2-5|12|16|10|0||ds
    H|9621|Nhân viên giao hàng|l|0|none|8|15|30|1||pt
    H|9333|Công nhân bốc xếp kho|l|0|none|7.5|10|15|0|meals|pr
    H|4323|Nhân viên điều phối vận tải|u|4|lt1|9|13|3|0||
    I|5120|Đầu bếp|l|2|1-2|10|18|4|0|meals|
    I|5131|Nhân viên phục vụ bàn|l|0|none|5.5|7.5|15|1|meals|sg pt
    I|9412|Phụ bếp|l|0|none|6|8|8|0|meals|dis rp
    I|4224|Lễ tân khách sạn|u|3|lt1|7|10|4|0|meals training|sg
    I|9111|Nhân viên buồng phòng|l|0|none|6|8|8|0|meals|
    J|2512|Lập trình viên phần mềm|u|5|1-2|18|35|6|0|training promotion|
    J|2519|Kỹ sư kiểm thử phần mềm|u|5|lt1|12|20|4|0|training|sg
    J|3512|Kỹ thuật viên hỗ trợ CNTT|u|4|lt1|9|13|3|0||
    J|4222|Nhân viên tổng đài chăm sóc khách hàng|u|0|none|7|11|25|1|training|dis pt
    J|2166|Nhân viên thiết kế đồ họa|u|4|1-2|10|16|2|0||
    K|3312|Chuyên viên tín dụng|u|5|lt1|12|20|6|0|life_insurance promotion|sg
    K|4211|Giao dịch viên ngân hàng|u|5|none|10|14|5|0|life_insurance|
    K|3321|Tư vấn viên bảo hiểm|u|0|none|7|15|20|1|training|ui
    K|2411|Kế toán viên|u|5|1-2|12|18|2|0||
    L|3334|Chuyên viên môi giới bất động sản|u|4|none|7|25|10|0|promotion|
    L|5153|Nhân viên quản lý tòa nhà|u|3|1-2|8|12|3|0||
    M|2411|Trợ lý kiểm toán|u|5|none|10|15|5|0|training|sg
    M|3313|Nhân viên kế toán|u|4|1-2|9|13|3|0||
    M|2611|Chuyên viên pháp chế|u|5|2-5|14|20|1|0||
    N|5414|Nhân viên bảo vệ|l|0|none|6.5|8.5|20|0|meals|ds pc rp
    N|9112|Nhân viên vệ sinh tòa nhà||0|none|5.5|7|15|1||dis pr pt
    N|2423|Chuyên viên tuyển dụng|u|5|1-2|12|16|2|0||
    P|2342|Giáo viên mầm non|u|4|none|7|10|5|0|meals|sg
    P|2353|Giáo viên tiếng Anh|u|5|1-2|15|25|3|1||
    P|5311|Bảo mẫu|l|0|lt1|6|8|4|0|meals|
    Q|2221|Điều dưỡng viên|u|4|none|8.5|12|8|0|meals|sg
    Q|3213|Dược sĩ trung cấp|u|3|lt1|8|11|3|0||
    Q|5321|Hộ lý|l|0|none|6|8|6|0|meals|ui
    Q|2211|Bác sĩ đa khoa|u|5|2-5|18|30|2|0|training|
    E|9613|Công nhân thu gom rác||0|none|7|9.5|20|0|meals|pr rp
    E|8189|Công nhân vận hành hệ thống xử lý nước|u|3|lt1|8|11|4|0||
    D|7413|Thợ điện đường dây|u|3|1-2|10|15|6|0|travel_allowance|ds
    D|2151|Kỹ sư điện|u|5|1-2|14|22|2|0||
    A|6113|Lao động trồng rau an toàn||0|none|5.5|7.5|15|0|meals|
    A|6121|Công nhân chăn nuôi|l|0|none|6|8|6|0|meals dormitory|pr
    B|8111|Công nhân vận hành máy khai thác đá|l|2|1-2|10|14|6|0|meals|
    B|3117|Kỹ thuật viên mỏ|u|4|1-2|10|14|2|0||
    R|3435|Nhân viên tổ chức sự kiện|u|4|none|8|12|4|1||sg
    R|5419|Nhân viên cứu hộ bể bơi|l|2|none|7|9|4|1||ds
    S|5322|Nhân viên chăm sóc người cao tuổi tại nhà|l|2|lt1|8|12|8|0||ui
    S|9111|Nhân viên giúp việc gia đình||0|lt1|7|10|10|1||pt
""")
TEMPLATES: dict[str, list[tuple]] = {}
for _row in TEMPLATE_ROWS:
    _section, _code, _title, _edu, _qual, _exp, _low, _high, _places, _part, _benefits, _cohorts = _row
    TEMPLATES.setdefault(_section, []).append(
        (
            _code,
            _title,
            EDUCATION_SHORT[_edu],
            QUALIFICATION_CODES[int(_qual)],
            _exp,
            float(_low),
            float(_high),
            int(_places),
            _part == "1",
            _benefits.split(),
            [COHORT_SHORT[c] for c in _cohorts.split()],
        )
    )
ALL_TEMPLATES = [template for section in TEMPLATES.values() for template in section]
TEMPLATES_BY_QUAL = {
    code: [t for t in ALL_TEMPLATES if QUAL_RANK[t[3]] <= rank] for rank, code in enumerate(QUALIFICATION_CODES)
}

# Small-scale employers, two lines each: name|VSIC|ownership|workforce|verification|tax form (org, branch,
# household) / main products|ward|street address.
_EMPLOYER_LINES = table("""
    Công ty Cổ phần Giao nhận Vận tải Thủ Đô|H|non_state|1001-3000|verified|org
    Giao hàng chặng cuối, kho vận|Phường Long Biên|Số 18 phố Ngọc Lâm
    Công ty TNHH Điện tử Hanwon Việt Nam|C|fdi|1001-3000|verified|org
    Linh kiện điện tử, bo mạch điện thoại|Xã Quang Minh|Lô 25, Khu công nghiệp Quang Minh
    Công ty TNHH Kỹ thuật Kyoshin Việt Nam|C|fdi|501-1000|verified|org
    Linh kiện cơ khí chính xác|Xã Nội Bài|Lô 12, Khu công nghiệp Nội Bài
    Công ty TNHH May mặc Hồng Phát|C|non_state|201-500|verified|org
    Quần áo may sẵn xuất khẩu|Xã Thường Tín|Cụm công nghiệp Hà Bình Phương
    Công ty Cổ phần Thực phẩm Minh Dương|C|non_state|101-200|verified|org
    Bánh kẹo, thực phẩm đóng gói|Xã Thạch Thất|Khu công nghiệp Thạch Thất – Quốc Oai
    Công ty TNHH Thiết bị Y tế Medita Việt Nam|C|fdi|201-500|verified|org
    Vật tư y tế tiêu hao|Xã Đông Anh|Khu công nghiệp Thăng Long
    Công ty Cổ phần Xây dựng Hạ tầng Sông Hồng|F|non_state|201-500|verified|org
    Thi công công trình dân dụng và hạ tầng|Phường Hoàng Mai|Số 9 phố Tân Mai
    Công ty TNHH Thương mại Siêu thị Hà Thành|G|non_state|501-1000|verified|org
    Chuỗi siêu thị mini|Phường Cầu Giấy|Số 120 đường Xuân Thủy
    Công ty Cổ phần Ô tô An Khánh|G|non_state|101-200|verified|org
    Đại lý và xưởng bảo dưỡng ô tô|Xã An Khánh|Km 10 Đại lộ Thăng Long
    Công ty TNHH MTV Xe buýt Thăng Long|H|state|1001-3000|verified|org
    Vận tải hành khách công cộng|Phường Hoàng Liệt|Bến xe Giáp Bát
    Công ty TNHH Khách sạn Hồ Tây Xanh|I|non_state|101-200|verified|org
    Khách sạn, nhà hàng|Phường Tây Hồ|Số 50 đường Thanh Niên
    Công ty Cổ phần Chuỗi Ẩm thực Bếp Việt|I|non_state|501-1000|verified|org
    Nhà hàng, bếp ăn công nghiệp|Phường Đống Đa|Số 72 phố Tây Sơn
    Công ty Cổ phần Công nghệ Phần mềm Sao Việt|J|non_state|201-500|verified|org
    Phần mềm quản lý, ứng dụng di động|Phường Nghĩa Đô|Số 3 phố Hoàng Quốc Việt
    Công ty TNHH Dịch vụ Viễn thông Kết Nối Số|J|non_state|501-1000|verified|org
    Tổng đài chăm sóc khách hàng|Phường Thanh Xuân|Số 233 đường Nguyễn Trãi
    Ngân hàng TMCP Thịnh An – Chi nhánh Hà Nội|K|non_state|201-500|verified|branch
    Dịch vụ ngân hàng bán lẻ|Phường Hoàn Kiếm|Số 15 phố Lý Thường Kiệt
    Công ty TNHH Bảo hiểm Nhân thọ Bình An Việt Nam|K|fdi|1001-3000|verified|org
    Bảo hiểm nhân thọ|Phường Ba Đình|Số 28 phố Điện Biên Phủ
    Công ty Cổ phần Bất động sản Thành Đô|L|non_state|51-100|verified|org
    Môi giới, quản lý tòa nhà|Phường Từ Liêm|Số 6 đường Lê Đức Thọ
    Công ty TNHH Kiểm toán và Tư vấn Tín Việt|M|non_state|51-100|verified|org
    Kiểm toán, tư vấn thuế|Phường Láng|Số 45 phố Láng Hạ
    Công ty Cổ phần Dịch vụ Bảo vệ Long Hải|N|non_state|501-1000|verified|org
    Dịch vụ bảo vệ|Phường Hà Đông|Số 14 đường Quang Trung
    Công ty TNHH Vệ sinh Công nghiệp Xanh Sạch|N|non_state|201-500|verified|org
    Vệ sinh tòa nhà, khu công nghiệp|Phường Thanh Liệt|Số 30 đường Kim Giang
    Trường Mầm non Tư thục Hoa Sen|P|non_state|10-50|verified|org
    Giáo dục mầm non|Phường Kim Liên|Số 8 phố Phạm Ngọc Thạch
    Bệnh viện Đa khoa An Bình Hà Nội|Q|non_state|201-500|verified|org
    Khám, chữa bệnh đa khoa|Phường Hai Bà Trưng|Số 101 phố Bà Triệu
    Công ty TNHH MTV Môi trường Xanh Thăng Long|E|state|501-1000|verified|org
    Thu gom, vận chuyển, xử lý rác thải|Phường Yên Nghĩa|Số 2 đường Lê Trọng Tấn
    Hợp tác xã Nông nghiệp Rau an toàn Văn Đức|A|non_state|10-50|verified|org
    Rau an toàn, hoa|Xã Gia Lâm|Thôn Trung Quan
    Hộ kinh doanh Cơm niêu Bà Hòa|I|non_state|<10|verified|household
    Nhà hàng cơm niêu|Phường Cửa Nam|Số 17 phố Hàng Bông
    Công ty TNHH Dịch vụ Gia đình Tâm An|S|non_state|51-100|verified|org
    Giúp việc, chăm sóc người cao tuổi|Phường Định Công|Số 60 phố Định Công
    Công ty Cổ phần Năng lượng Xanh Đông Dương|D|non_state|51-100|verified|org
    Điện mặt trời áp mái|Phường Việt Hưng|Số 5 phố Nguyễn Văn Cừ
    Công ty Cổ phần Vật liệu Xây dựng Đá Mỹ Đức|B|non_state|51-100|pending|org
    Khai thác đá xây dựng|Xã Mỹ Đức|Thôn Đồng Mít
    Công ty Cổ phần Vui chơi Giải trí Sóng Xanh|R|non_state|101-200|pending|org
    Công viên nước, tổ chức sự kiện|Phường Yên Sở|Số 1 đường Nguyễn Hữu Thọ
    Công ty TNHH Cung ứng Nhân lực Việt Tiến|N|non_state|10-50|pending|org
    Cung ứng lao động thời vụ|Phường Phú Diễn|Số 12 đường Cầu Diễn
""")
SMALL_EMPLOYERS = [tuple(a + b) for a, b in zip(_EMPLOYER_LINES[::2], _EMPLOYER_LINES[1::2], strict=True)]
DEMO_EMPLOYER = SMALL_EMPLOYERS[0]

# Venues: name|ward|street address|booths|seats. The first five satellites are used at small scale.
CENTRAL_FLOOR = ("Sàn giao dịch việc làm Trung tâm", "Phường Yên Hòa", "215 Trung Kính", "40", "500")
SATELLITE_FLOORS = table("""
    Sàn giao dịch việc làm vệ tinh Đông Anh|Xã Đông Anh|Số 68 đường Cao Lỗ|16|300
    Sàn giao dịch việc làm vệ tinh Hà Đông|Phường Hà Đông|Số 8 đường Quang Trung|20|300
    Sàn giao dịch việc làm vệ tinh Sóc Sơn|Xã Sóc Sơn|Số 1 đường Núi Đôi|12|250
    Sàn giao dịch việc làm vệ tinh Long Biên|Phường Long Biên|Số 2 phố Vạn Hạnh|16|300
    Sàn giao dịch việc làm vệ tinh Sơn Tây|Phường Sơn Tây|Số 5 phố Phó Đức Chính|12|250
    Sàn giao dịch việc làm vệ tinh Mê Linh|Xã Mê Linh|Khu hành chính Đại Thịnh|12|250
    Sàn giao dịch việc làm vệ tinh Thạch Thất|Xã Thạch Thất|Số 3 đường Phùng Hưng|12|250
    Sàn giao dịch việc làm vệ tinh Chương Mỹ|Phường Chương Mỹ|Số 10 đường Hòa Sơn|12|250
    Sàn giao dịch việc làm vệ tinh Thường Tín|Xã Thường Tín|Số 4 đường Nguyễn Du|12|250
    Sàn giao dịch việc làm vệ tinh Phú Xuyên|Xã Phú Xuyên|Số 21 đường Phú Xuyên|10|250
    Sàn giao dịch việc làm vệ tinh Ba Vì|Xã Ba Vì|Thôn Chợ Mơ|10|250
    Sàn giao dịch việc làm vệ tinh Gia Lâm|Xã Gia Lâm|Số 7 đường Ngô Xuân Quảng|14|300
    Sàn giao dịch việc làm vệ tinh Hoài Đức|Xã Hoài Đức|Số 9 Quốc lộ 32|12|250
    Sàn giao dịch việc làm vệ tinh Thanh Trì|Xã Thanh Trì|Số 15 đường Ngọc Hồi|12|250
""")
JOB_DAY_VENUE = ("Cung Văn hóa Lao động Hữu nghị Việt Xô", "Phường Cửa Nam", "91 Trần Hưng Đạo", "250", "5000")
SMALL_EXTERNAL = table("""
    Nhà văn hóa xã Phù Đổng|Xã Phù Đổng|Thôn Phù Dực|15|200
    Hội trường UBND xã Ba Vì|Xã Ba Vì|Thôn Chợ Mơ|15|200
    Nhà văn hóa xã Thường Tín|Xã Thường Tín|Thôn Văn Hội|15|200
""")
LINKED_PAST, LINKED_FUTURE = ("24", "33", "19", "25"), ("79", "48", "38", "40")
CO_ORGANISERS = "Sở Nội vụ Hà Nội; Thành đoàn Hà Nội; Hội Liên hiệp Thanh niên Việt Nam thành phố Hà Nội"
EVIDENCE = {
    "discharged_soldier": "Quyết định xuất ngũ",
    "police_completed_service": "Quyết định hoàn thành nghĩa vụ tham gia Công an nhân dân",
    "unemployment_insurance": "Quyết định hưởng trợ cấp thất nghiệp",
    "disabled": "Giấy xác nhận khuyết tật",
    "released_prisoner": "Giấy chứng nhận chấp hành xong án phạt tù",
    "post_rehab": "Giấy xác nhận hoàn thành cai nghiện",
    "student_graduate": "Bằng tốt nghiệp",
}
ACCESSIBILITY = {
    "needs_wheelchair_access": "Đi lại bằng xe lăn, cần lối đi và bàn phỏng vấn ở tầng trệt.",
    "needs_sign_language": "Khiếm thính, cần phiên dịch ngôn ngữ ký hiệu.",
    "needs_visual_assistance": "Khiếm thị một phần, cần người hỗ trợ điền phiếu.",
}
