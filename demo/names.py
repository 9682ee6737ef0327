"""Synthetic name parts per nationality: common given names and family names, combined at random.

Pairs are (as spoken in Latin script, as written in the person's own script); the own-script
part is empty where the script is Latin. No combination is meant to name anyone.
"""

# Groups: (male given names, female given names, family names).
_CHINESE = (
    [
        ("Wei", "伟"),
        ("Lei", "磊"),
        ("Jun", "军"),
        ("Yong", "勇"),
        ("Jie", "杰"),
        ("Tao", "涛"),
        ("Ming", "明"),
        ("Chao", "超"),
        ("Hui", "辉"),
        ("Peng", "鹏"),
        ("Hao", "浩"),
        ("Qiang", "强"),
        ("Bo", "波"),
        ("Gang", "刚"),
    ],
    [
        ("Fang", "芳"),
        ("Min", "敏"),
        ("Jing", "静"),
        ("Yan", "艳"),
        ("Xiuying", "秀英"),
        ("Ling", "玲"),
        ("Na", "娜"),
        ("Li", "丽"),
        ("Xia", "霞"),
        ("Juan", "娟"),
    ],
    [
        ("Wang", "王"),
        ("Li", "李"),
        ("Zhang", "张"),
        ("Liu", "刘"),
        ("Chen", "陈"),
        ("Yang", "杨"),
        ("Huang", "黄"),
        ("Zhao", "赵"),
        ("Wu", "吴"),
        ("Zhou", "周"),
        ("Xu", "徐"),
        ("Sun", "孙"),
        ("Ma", "马"),
        ("Zhu", "朱"),
        ("Hu", "胡"),
        ("Guo", "郭"),
        ("He", "何"),
        ("Lin", "林"),
        ("Luo", "罗"),
        ("Gao", "高"),
    ],
)
_TAIWANESE = (
    [("Chih-hao", "志豪"), ("Chien-hung", "建宏"), ("Cheng-han", "承翰"), ("Chun-chieh", "俊傑")],
    [("Chia-hui", "佳慧"), ("Yi-ting", "怡婷"), ("Shu-fen", "淑芬"), ("Ya-wen", "雅雯")],
    [
        ("Chen", "陳"),
        ("Lin", "林"),
        ("Huang", "黃"),
        ("Chang", "張"),
        ("Lee", "李"),
        ("Wang", "王"),
        ("Wu", "吳"),
    ],
)
_INDIAN = (
    [
        ("Rahul", "राहुल"),
        ("Amit", "अमित"),
        ("Vikram", "विक्रम"),
        ("Arjun", "अर्जुन"),
        ("Sandeep", "संदीप"),
        ("Ravi", "रवि"),
        ("Suresh", "सुरेश"),
        ("Manoj", "मनोज"),
        ("Deepak", "दीपक"),
        ("Anil", "अनिल"),
        ("Rohit", "रोहित"),
        ("Sanjay", "संजय"),
    ],
    [
        ("Priya", "प्रिया"),
        ("Anjali", "अंजलि"),
        ("Pooja", "पूजा"),
        ("Neha", "नेहा"),
        ("Kavita", "कविता"),
        ("Sunita", "सुनीता"),
    ],
    [
        ("Kumar", "कुमार"),
        ("Sharma", "शर्मा"),
        ("Singh", "सिंह"),
        ("Patel", "पटेल"),
        ("Yadav", "यादव"),
        ("Gupta", "गुप्ता"),
        ("Verma", "वर्मा"),
        ("Reddy", "रेड्डी"),
        ("Das", "दास"),
        ("Mishra", "मिश्रा"),
        ("Chauhan", "चौहान"),
        ("Joshi", "जोशी"),
        ("Nair", "नायर"),
        ("Pillai", "पिल्लै"),
    ],
)
_FILIPINO = (
    [
        ("Jose", ""),
        ("Mark", ""),
        ("John Paul", ""),
        ("Christian", ""),
        ("Jerome", ""),
        ("Rodel", ""),
        ("Arnel", ""),
        ("Joel", ""),
        ("Ramil", ""),
        ("Jayson", ""),
    ],
    [
        ("Maria", ""),
        ("Angelica", ""),
        ("Kristine", ""),
        ("Jocelyn", ""),
        ("Rowena", ""),
        ("Mary Grace", ""),
        ("Lovely", ""),
        ("Joy", ""),
    ],
    [
        ("Santos", ""),
        ("Reyes", ""),
        ("Cruz", ""),
        ("Bautista", ""),
        ("Ocampo", ""),
        ("Garcia", ""),
        ("Mendoza", ""),
        ("Torres", ""),
        ("Castillo", ""),
        ("Flores", ""),
        ("Villanueva", ""),
        ("Ramos", ""),
        ("Aquino", ""),
        ("Navarro", ""),
    ],
)
_VIETNAMESE = (
    [
        ("Minh", "Minh"),
        ("Tuan", "Tuấn"),
        ("Hung", "Hùng"),
        ("Dung", "Dũng"),
        ("Long", "Long"),
        ("Duc", "Đức"),
    ],
    [("Linh", "Linh"), ("Huong", "Hương"), ("Lan", "Lan"), ("Thao", "Thảo"), ("Mai", "Mai")],
    [
        ("Nguyen", "Nguyễn"),
        ("Tran", "Trần"),
        ("Le", "Lê"),
        ("Pham", "Phạm"),
        ("Hoang", "Hoàng"),
        ("Phan", "Phan"),
        ("Vu", "Vũ"),
        ("Dang", "Đặng"),
    ],
)
_THAI = (
    [("Somchai", "สมชาย"), ("Anan", "อนันต์"), ("Prasert", "ประเสริฐ"), ("Wichai", "วิชัย")],
    [("Siriporn", "ศิริพร"), ("Malee", "มาลี"), ("Kanya", "กันยา")],
    [("Srisuk", "ศรีสุข"), ("Boonmee", "บุญมี"), ("Wongsa", "วงศา"), ("Saelim", "แซ่ลิ้ม"), ("Chaiyaporn", "ชัยพร")],
)
# Burmese names have no family name: the "family" parts here are second given-name syllables.
_BURMESE = (
    [("Aung", "အောင်"), ("Kyaw", "ကျော်"), ("Min", "မင်း"), ("Htet", "ထက်"), ("Zaw", "ဇော်"), ("Naing", "နိုင်")],
    [("Aye", "အေး"), ("Hnin", "နှင်း"), ("Su", "စု"), ("Myat", "မြတ်"), ("Thandar", "သန္တာ")],
    [("Win", "ဝင်း"), ("Oo", "ဦး"), ("Htun", "ထွန်း"), ("Phyu", "ဖြူ"), ("Lwin", "လွင်")],
)
_PAKISTANI = (
    [
        ("Muhammad", "محمد"),
        ("Imran", "عمران"),
        ("Bilal", "بلال"),
        ("Usman", "عثمان"),
        ("Hamza", "حمزہ"),
        ("Mohammed", "محمد"),
    ],
    [("Ayesha", "عائشہ"), ("Fatima", "فاطمہ"), ("Sana", "ثناء")],
    [
        ("Khan", "خان"),
        ("Ahmed", "احمد"),
        ("Hussain", "حسین"),
        ("Ali", "علی"),
        ("Malik", "ملک"),
        ("Butt", "بٹ"),
    ],
)
_SOUTH_ASIAN = (
    [("Nuwan", ""), ("Ramesh", ""), ("Bikash", ""), ("Rafiq", ""), ("Sujan", ""), ("Kamal", "")],
    [("Dilani", ""), ("Sita", ""), ("Nasreen", ""), ("Anika", "")],
    [
        ("Perera", ""),
        ("Fernando", ""),
        ("Shrestha", ""),
        ("Tamang", ""),
        ("Gurung", ""),
        ("Hossain", ""),
        ("Islam", ""),
        ("Rahman", ""),
    ],
)
_MALAY_INDONESIAN = (
    [("Budi", ""), ("Agus", ""), ("Rizky", ""), ("Dedi", ""), ("Hafiz", "")],
    [("Siti", ""), ("Dewi", ""), ("Putri", ""), ("Nurul", "")],
    [("Santoso", ""), ("Wijaya", ""), ("Saputra", ""), ("Hidayat", ""), ("Rahman", ""), ("Ismail", "")],
)
_MAINLAND_SE_ASIAN = (
    [("Somphone", ""), ("Dara", ""), ("Vanna", ""), ("Sombath", "")],
    [("Chanthy", ""), ("Sreymom", ""), ("Malai", "")],
    [("Phommachanh", ""), ("Sok", ""), ("Chan", ""), ("Keo", ""), ("Vongsa", "")],
)
_EAST_AFRICAN = (
    [("Daniel", ""), ("Samuel", ""), ("Joseph", ""), ("Abebe", ""), ("Brian", ""), ("Dawit", "")],
    [("Grace", ""), ("Mercy", ""), ("Hana", ""), ("Faith", "")],
    [
        ("Otieno", ""),
        ("Mwangi", ""),
        ("Kiptoo", ""),
        ("Tesfaye", ""),
        ("Bekele", ""),
        ("Okello", ""),
        ("Mushi", ""),
    ],
)
_WEST_AFRICAN = (
    [("Chinedu", ""), ("Kwame", ""), ("Emeka", ""), ("Kofi", "")],
    [("Ngozi", ""), ("Ama", ""), ("Blessing", ""), ("Abena", "")],
    [("Okafor", ""), ("Adeyemi", ""), ("Mensah", ""), ("Owusu", ""), ("Boateng", "")],
)
_CENTRAL_ASIAN = (
    [("Timur", ""), ("Aziz", ""), ("Dmitri", ""), ("Rustam", "")],
    [("Dilnoza", ""), ("Aigerim", ""), ("Olga", "")],
    [("Karimov", ""), ("Nurlanov", ""), ("Ivanov", ""), ("Abdullaev", "")],
)
_EAST_ASIAN = (
    [("Min-jun", ""), ("Ji-hoon", ""), ("Hiroshi", ""), ("Takeshi", "")],
    [("Seo-yeon", ""), ("Yui", ""), ("Ji-woo", "")],
    [("Kim", ""), ("Park", ""), ("Lee", ""), ("Sato", ""), ("Suzuki", "")],
)
_OTHER = (
    [("Lucas", ""), ("Gabriel", ""), ("Omar", ""), ("Mostafa", "")],
    [("Ana", ""), ("Juliana", ""), ("Mona", "")],
    [("Silva", ""), ("Oliveira", ""), ("Hassan", ""), ("Mahmoud", "")],
)

NAME_GROUPS = {
    "CN": _CHINESE,
    "TW": _TAIWANESE,
    "IN": _INDIAN,
    "PH": _FILIPINO,
    "VN": _VIETNAMESE,
    "TH": _THAI,
    "MM": _BURMESE,
    "PK": _PAKISTANI,
    "LK": _SOUTH_ASIAN,
    "NP": _SOUTH_ASIAN,
    "BD": _SOUTH_ASIAN,
    "ID": _MALAY_INDONESIAN,
    "MY": _MALAY_INDONESIAN,
    "LA": _MAINLAND_SE_ASIAN,
    "KH": _MAINLAND_SE_ASIAN,
    "KE": _EAST_AFRICAN,
    "ET": _EAST_AFRICAN,
    "UG": _EAST_AFRICAN,
    "TZ": _EAST_AFRICAN,
    "NG": _WEST_AFRICAN,
    "GH": _WEST_AFRICAN,
    "UZ": _CENTRAL_ASIAN,
    "KZ": _CENTRAL_ASIAN,
    "RU": _CENTRAL_ASIAN,
    "KR": _EAST_ASIAN,
    "JP": _EAST_ASIAN,
    "BR": _OTHER,
    "EG": _OTHER,
}

# Names scam bosses gave workers for their fake profiles: recorded as aliases.
WORK_ALIASES = [
    "Tony",
    "Jacky",
    "Kevin",
    "Lucy",
    "Amy",
    "Leo",
    "Cindy",
    "Alex",
    "Mia",
    "Jason",
    "Coco",
    "Eric",
]
