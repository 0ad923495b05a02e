package dev.patsnapcamel.sandbox;

import java.util.List;

/**
 * Invented sample text per legal system, so generated records read plausibly: party names, firms,
 * people, courts and products in the language a real record of that authority would use.
 * Some values deliberately carry commas, quotes, apostrophes, non-ASCII letters and new lines.
 */
enum Jurisdiction {
    CHINA(
            "CN",
            List.of("深圳市星河电子科技有限公司", "杭州云帆网络技术有限公司", "上海“蓝海”生物医药股份有限公司", "北京智远新材料有限公司", "成都天府精密仪器有限公司", "广州珠江照明电器有限公司"),
            List.of("北京智源知识产权代理有限公司", "上海华诚专利事务所（普通合伙）", "深圳市前海律师事务所"),
            List.of("张伟", "李娜", "王芳", "刘洋", "陈静", "赵磊"),
            List.of(
                    new Court("北京知识产权法院", "北京市"), new Court("上海知识产权法院", "上海市"),
                    new Court("广州知识产权法院", "广东省"), new Court("江苏省高级人民法院", "江苏省")),
            List.of("锂离子电池", "LED照明灯具, 含驱动电源", "无线蓝牙耳机\n（型号：X2）", "电荷控制剂")),

    JAPAN(
            "JP",
            List.of("株式会社サンライズ電機", "東和化学工業株式会社", "ミドリ精密株式会社", "株式会社ひかり光学"),
            List.of("原田雅章知財事務所", "特許業務法人さくら国際特許事務所", "山田・佐藤法律事務所"),
            List.of("佐藤健一", "鈴木花子", "高橋誠", "田中美咲"),
            List.of(new Court("知的財産高等裁判所", "東京都"), new Court("東京地方裁判所", "東京都"), new Court("大阪地方裁判所", "大阪府")),
            List.of("電荷制御剤", "電荷制御剤\n（トナー用）", "リチウムイオン電池, 車載用", "光学レンズ「HX-7」")),

    GERMANY(
            "DE",
            List.of("Müller Präzisionstechnik AG", "Nordlicht Optik GmbH", "Weber & Söhne KG", "Rheinwerk Chemie GmbH"),
            List.of("Patentanwälte Schneider, Braun & Partner", "Kanzlei Fischer mbB"),
            List.of("Dr. Anna Weber", "Dr. Jürgen Hoffmann", "Katrin Schäfer"),
            List.of(
                    new Court("Landgericht Düsseldorf", "Nordrhein-Westfalen"),
                    new Court("Landgericht München I", "Bayern"),
                    new Court("Unified Patent Court, Munich Local Division", "Bayern")),
            List.of("Präzisionslager, Typ \"K-12\"", "Optische Linse", "Katalysator,\nmehrstufig")),

    UNITED_STATES(
            "EN",
            List.of(
                    "ACME WIDGETS, INC.",
                    "\"SMART\" DEVICES CO., LTD.",
                    "BLUE RIVER ANALYTICS LLC",
                    "O'BRIEN & SONS, LTD.",
                    "NORTHWIND TRADERS CORPORATION",
                    "LUMEN OPTICS, INC.",
                    "PINECREST MEDICAL SYSTEMS LLC"),
            List.of("Harper, Lowe & Tanaka LLP", "Greenfield IP Law Group", "\"First Chair\" Patent Counsel PC"),
            List.of("Hon. Margaret O'Neil", "Hon. David K. Chen", "Hon. Sarah \"Sally\" Brooks", "Hon. Luis Ortega"),
            List.of(
                    new Court("U.S. District Court for the Eastern District of Texas", "Texas"),
                    new Court("U.S. District Court for the District of Delaware", "Delaware"),
                    new Court("U.S. District Court for the Northern District of California", "California"),
                    new Court("United States Court of Appeals for the Federal Circuit", "District of Columbia")),
            List.of("Wireless earbuds, model \"X2\"", "Charging cable,\nUSB-C, 2 m", "Solid-state drive controller"));

    /** A court and the region it sits in. */
    record Court(String name, String region) {}

    private final String lang;
    private final List<String> companies;
    private final List<String> firms;
    private final List<String> people;
    private final List<Court> courts;
    private final List<String> products;

    Jurisdiction(
            String lang,
            List<String> companies,
            List<String> firms,
            List<String> people,
            List<Court> courts,
            List<String> products) {
        this.lang = lang;
        this.companies = companies;
        this.firms = firms;
        this.people = people;
        this.courts = courts;
        this.products = products;
    }

    /** The legal system whose language and courts fit an authority code. */
    static Jurisdiction forCountry(String country) {
        return switch (country) {
            case "CN", "TW", "HK" -> CHINA;
            case "JP" -> JAPAN;
            case "DE", "EP", "AT", "CH" -> GERMANY;
            default -> UNITED_STATES;
        };
    }

    /** The {@code lang} value of names from this system. */
    String lang() {
        return lang;
    }

    /** The authority code records of this system carry. */
    String country() {
        return switch (this) {
            case CHINA -> "CN";
            case JAPAN -> "JP";
            case GERMANY -> "DE";
            case UNITED_STATES -> "US";
        };
    }

    List<String> companies() {
        return companies;
    }

    List<String> firms() {
        return firms;
    }

    List<String> people() {
        return people;
    }

    List<Court> courts() {
        return courts;
    }

    List<String> products() {
        return products;
    }
}
