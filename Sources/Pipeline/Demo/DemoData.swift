import Foundation

/// The demo's landing data: a Brazilian online shop's exports, generated deterministically
/// (fixed seed), with the mess real feeds have.
///
/// Feeds, one file per month (`2024_01`, `2024_02`, ...):
/// - `customers/customers_YYYY_MM.csv`: new customers, and address updates of earlier ones
///   (same `customer_id`, later `updated_at`); names with stray spaces, states in lower case,
///   a few invalid states and missing e-mails.
/// - `products/products_YYYY_MM.jsonl`: the catalogue (first month) and price changes.
/// - `orders/orders_YYYY_MM.csv`: the month's orders, plus late status updates of last
///   month's orders; exact duplicate rows; malformed purchase times (`2024-02-30 10:00:00`,
///   `15/01/2024 14:32`, `N/A`); unknown and missing customer ids. From April on the export has
///   an extra column, `channel`.
/// - `order_items/order_items_YYYY_MM.jsonl`: order lines; negative, zero, missing and absurd
///   prices; lines sent again in a later file.
/// - `payments/payments_YYYY_MM.csv`: payments (credit card, boleto, voucher, debit card, pix);
///   a few negative values.
public struct DemoData: Sendable {
    /// Orders per month are `300 × scale` (scale 1: about 1,200 orders, 2,000 order lines,
    /// 1,300 payments over four months, plus customers and products).
    public let scale: Int
    /// The seed.
    public let seed: UInt64

    /// The generator.
    public init(scale: Int = 3, seed: UInt64 = 20_240_101) {
        self.scale = max(1, scale)
        self.seed = seed
    }

    /// The feeds, as landing subdirectories.
    public static let feeds = ["customers", "products", "orders", "order_items", "payments"]

    static let states: [(String, Double)] = [
        ("SP", 42), ("RJ", 13), ("MG", 12), ("RS", 5.5), ("PR", 5), ("SC", 3.6), ("BA", 3.4), ("DF", 2.1), ("ES", 2), ("GO", 2),
        ("PE", 1.7), ("CE", 1.3), ("PA", 1), ("MT", 0.9), ("MA", 0.8), ("MS", 0.7), ("PB", 0.5), ("PI", 0.5), ("RN", 0.5),
        ("AL", 0.4), ("SE", 0.3), ("TO", 0.3), ("RO", 0.25), ("AM", 0.15), ("AC", 0.08), ("AP", 0.07), ("RR", 0.05),
    ]
    static let cities: [String: [String]] = [
        "SP": ["São Paulo", "Campinas", "Santos", "Guarulhos", "Sorocaba", "Ribeirão Preto", "São José dos Campos"],
        "RJ": ["Rio de Janeiro", "Niterói", "Duque de Caxias", "Petrópolis"], "MG": ["Belo Horizonte", "Uberlândia", "Juiz de Fora", "Contagem"],
        "RS": ["Porto Alegre", "Caxias do Sul", "Pelotas"], "PR": ["Curitiba", "Londrina", "Maringá"], "SC": ["Florianópolis", "Joinville", "Blumenau"],
        "BA": ["Salvador", "Feira de Santana"], "DF": ["Brasília"], "ES": ["Vitória", "Vila Velha"], "GO": ["Goiânia", "Anápolis"],
        "PE": ["Recife", "Olinda"], "CE": ["Fortaleza"], "PA": ["Belém"], "MT": ["Cuiabá"], "MA": ["São Luís"], "MS": ["Campo Grande"],
        "PB": ["João Pessoa"], "PI": ["Teresina"], "RN": ["Natal"], "AL": ["Maceió"], "SE": ["Aracaju"], "TO": ["Palmas"],
        "RO": ["Porto Velho"], "AM": ["Manaus"], "AC": ["Rio Branco"], "AP": ["Macapá"], "RR": ["Boa Vista"],
    ]
    static let firstNames = ["Ana", "Bruno", "Camila", "Daniel", "Eduarda", "Felipe", "Gabriela", "Gustavo", "Helena", "Igor", "Júlia", "Lucas",
                             "Mariana", "Mateus", "Natália", "Otávio", "Patrícia", "Rafael", "Sofia", "Thiago", "Vitória", "João", "Larissa", "Pedro"]
    static let lastNames = ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes", "Costa",
                            "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa"]
    static let categories: [(String, [String], Double, Double)] = [  // name, products, weight, typical price
        ("cama_mesa_banho", ["Jogo de Lençol Casal", "Toalha de Banho", "Edredom King"], 11, 95),
        ("beleza_saude", ["Protetor Solar FPS 50", "Kit Maquiagem", "Secador de Cabelo"], 10, 120),
        ("esporte_lazer", ["Bola de Futebol", "Tapete de Yoga", "Bicicleta Aro 29"], 9, 160),
        ("moveis_decoracao", ["Luminária de Mesa", "Quadro Decorativo", "Cadeira Gamer"], 8, 210),
        ("informatica_acessorios", ["Mouse sem Fio", "Teclado Mecânico", "Monitor 24\"", "Pendrive 64GB"], 8, 180),
        ("utilidades_domesticas", ["Panela de Pressão", "Jogo de Facas", "Garrafa Térmica"], 7, 85),
        ("relogios_presentes", ["Relógio Digital", "Kit Presente Vinho"], 6, 240),
        ("telefonia", ["Capinha de Celular", "Carregador Turbo", "Fone Bluetooth"], 5, 70),
        ("ferramentas_jardim", ["Furadeira", "Mangueira 20m", "Kit Ferramentas"], 4, 150),
        ("automotivo", ["Tapete Automotivo", "Aspirador Veicular"], 3, 110),
        ("brinquedos", ["Quebra-Cabeça 1000 peças", "Boneca", "Carrinho de Controle Remoto"], 4, 90),
        ("perfumaria", ["Perfume 100ml", "Desodorante Colônia"], 4, 190),
        ("bebes", ["Carrinho de Bebê", "Kit Mamadeiras"], 3, 260),
        ("eletronicos", ["Smart TV 50\"", "Caixa de Som Bluetooth", "Câmera de Segurança"], 3, 900),
    ]
    static let paymentTypes: [(String, Double)] = [("credit_card", 70), ("boleto", 17), ("pix", 7), ("voucher", 4.5), ("debit_card", 1.5)]

    /// A file: path relative to the landing directory, and contents.
    public struct File: Sendable {
        /// `feed/name.ext`.
        public var path: String
        /// The file's text.
        public var text: String
        /// Data rows in it.
        public var rows: Int
    }

    /// `2024_01` for month 1, `2024_13` → `2025_01`.
    public static func monthTag(_ month: Int) -> String {
        let y = 2024 + (month - 1) / 12, m = (month - 1) % 12 + 1
        return String(format: "%04d_%02d", y, m)
    }

    static func date(_ month: Int, day: Int) -> (Int, Int, Int) {
        (2024 + (month - 1) / 12, (month - 1) % 12 + 1, day)
    }

    static func daysIn(_ month: Int) -> Int {
        let (y, m, _) = date(month, day: 1)
        switch m {
        case 2: return y % 4 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func timestamp(_ month: Int, day: Int, second: Int) -> String {
        let (y, m, d) = date(month, day: day)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, second / 3600, second / 60 % 60, second % 60)
    }

    // MARK: - Entities

    struct Customer {
        var id: String
        var name: String
        var email: String?
        var city: String
        var state: String
        var zip: String
        var signup: String
    }

    struct Product {
        var id: String
        var category: String
        var name: String
        var price: Double
        var weight: Int
    }

    struct Order {
        var id: String
        var customer: String?
        var status: String
        var purchased: String
        var updated: String
        var channel: String
        var items: [(product: String, price: Double?, freight: Double)]
        var payments: [(type: String, installments: Int, value: Double)]
    }

    /// Customers signing up in `month` (the first month brings the initial base).
    func customers(month: Int) -> [Customer] {
        var rng = DemoRandom(seed: seed &+ 1_000 &+ UInt64(month))
        let count = month == 1 ? 160 * scale : 25 * scale
        let first = month == 1 ? 0 : 160 * scale + (month - 2) * 25 * scale
        return (0..<count).map { i in
            let state = rng.weighted(Self.states)
            let firstName = rng.pick(Self.firstNames), last = rng.pick(Self.lastNames)
            let email = rng.chance(0.03) ? nil : "\(firstName.lowercased().folding(options: .diacriticInsensitive, locale: nil)).\(last.lowercased())\(rng.int(1...999))@exemplo.com.br"
            return Customer(
                id: String(format: "C%05d", first + i + 1), name: "\(firstName) \(last)", email: email, city: rng.pick(Self.cities[state]!),
                state: state, zip: String(format: "%05d", rng.int(1000...99999)), signup: Self.timestamp(month, day: rng.int(1...Self.daysIn(month)), second: rng.int(0...86_399)))
        }
    }

    /// Every customer signed up through `month`.
    func customerBase(through month: Int) -> [Customer] { (1...max(1, month)).flatMap { customers(month: $0) } }

    /// The catalogue.
    func products() -> [Product] {
        var rng = DemoRandom(seed: seed &+ 2_000)
        var out: [Product] = []
        var n = 0
        for (category, names, weight, price) in Self.categories {
            let count = max(2, Int(weight * Double(scale) * 0.8))
            for i in 0..<count {
                n += 1
                let base = names[i % names.count]
                let p = (price * (0.4 + rng.unit() * 1.4) * 100).rounded() / 100
                out.append(Product(id: String(format: "P%04d", n), category: category, name: i < names.count ? base : "\(base) \(["Premium", "Plus", "Econômico", "Pro"][i % 4])", price: p, weight: rng.int(100...15_000)))
            }
        }
        return out
    }

    /// The orders placed in `month`.
    func orders(month: Int) -> [Order] {
        var rng = DemoRandom(seed: seed &+ 3_000 &+ UInt64(month))
        let customers = customerBase(through: month)
        let catalogue = products()
        let weights = catalogue.map { p in (p, Self.categories.first { $0.0 == p.category }!.2) }
        let count = 300 * scale
        let first = (month - 1) * 300 * scale
        return (0..<count).map { i in
            let day = rng.int(1...Self.daysIn(month))
            let second = rng.int(0...86_399)
            var customer: String? = rng.pick(customers).id
            if rng.chance(0.012) { customer = String(format: "C9%04dX", rng.int(0...9999)) }  // unknown id
            else if rng.chance(0.005) { customer = nil }
            var purchased = Self.timestamp(month, day: day, second: second)
            if rng.chance(0.012) {
                purchased = rng.pick([
                    String(format: "%04d-02-30 10:%02d:00", Self.date(month, day: 1).0, rng.int(0...59)),
                    String(format: "%02d/%02d/%04d %02d:%02d", day, Self.date(month, day: 1).1, Self.date(month, day: 1).0, second / 3600, second / 60 % 60),
                    "N/A",
                ])
            }
            let status = rng.weighted([("delivered", 70.0), ("shipped", 15), ("approved", 8), ("created", 4), ("canceled", 3)])
            var total = 0.0  // what the customer paid: the real prices, whatever the export says
            let items = (0..<rng.weighted([(1, 75.0), (2, 17), (3, 6), (4, 2)])).map { _ -> (String, Double?, Double) in
                let p = rng.weighted(weights)
                let real = (p.price * (0.9 + rng.unit() * 0.2) * 100).rounded() / 100
                let freight = Double(rng.int(800...4_500)) / 100
                total += real + freight
                var price: Double? = real
                if rng.chance(0.01) { price = -real }
                else if rng.chance(0.006) { price = 0 }
                else if rng.chance(0.006) { price = nil }
                else if rng.chance(0.004) { price = 99_999.99 }
                return (p.id, price, freight)
            }
            let paymentType = rng.weighted(Self.paymentTypes)
            var payments = [(paymentType, paymentType == "credit_card" ? rng.int(1...10) : 1, (total * 100).rounded() / 100)]
            if rng.chance(0.04) {
                let voucher = (min(total, Double(rng.int(10...50))) * 100).rounded() / 100
                payments[0].2 = ((total - voucher) * 100).rounded() / 100
                payments.append(("voucher", 1, voucher))
            }
            if rng.chance(0.004) { payments[0].2 = -payments[0].2 }
            return Order(
                id: String(format: "O%06d", first + i + 1), customer: customer, status: status, purchased: purchased,
                updated: Self.timestamp(month, day: day, second: min(86_399, second + rng.int(60...3_600))),
                channel: rng.weighted([("app", 55.0), ("web", 35), ("marketplace", 10)]), items: items, payments: payments)
        }
    }

    // MARK: - Files

    static func csvField(_ s: String?) -> String {
        guard let s else { return "" }
        if s.contains(",") || s.contains("\"") || s.contains("\n") { return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return s
    }

    static func json(_ s: String?) -> String {
        guard let s else { return "null" }
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    static func number(_ d: Double?) -> String {
        guard let d else { return "" }
        return String(format: "%.2f", d)
    }

    /// The files of `month` (1 = January 2024).
    public func files(month: Int) -> [File] {
        let tag = Self.monthTag(month)
        var out: [File] = []
        var rng = DemoRandom(seed: seed &+ 4_000 &+ UInt64(month))

        // Customers: this month's sign-ups plus address changes of earlier ones.
        var lines = ["customer_id,customer_name,email,city,state,zip_prefix,signup_date,updated_at"]
        for c in customers(month: month) {
            var name = c.name, state = c.state
            if rng.chance(0.05) { name = " " + name + "  " }
            if rng.chance(0.08) { state = state.lowercased() }
            if rng.chance(0.006) { state = "XX" }
            lines.append([c.id, name, c.email, c.city, state, c.zip, String(c.signup.prefix(10)), c.signup].map { Self.csvField($0) }.joined(separator: ","))
        }
        if month > 1 {
            for c in customerBase(through: month - 1) where rng.chance(0.04) {
                let state = rng.weighted(Self.states)
                lines.append([c.id, c.name, c.email, rng.pick(Self.cities[state]!), state, String(format: "%05d", rng.int(1000...99999)), String(c.signup.prefix(10)),
                              Self.timestamp(month, day: rng.int(1...Self.daysIn(month)), second: rng.int(0...86_399))].map { Self.csvField($0) }.joined(separator: ","))
            }
        }
        out.append(File(path: "customers/customers_\(tag).csv", text: lines.joined(separator: "\n") + "\n", rows: lines.count - 1))

        // Products: the catalogue in the first month, price changes later.
        var productLines: [String] = []
        for p in products() where month == 1 || rng.chance(0.08) {
            let price = month == 1 ? p.price : (p.price * (0.85 + rng.unit() * 0.3) * 100).rounded() / 100
            productLines.append("{\"product_id\":\(Self.json(p.id)),\"category\":\(Self.json(p.category)),\"product_name\":\(Self.json(p.name)),\"list_price\":\(Self.number(price)),\"weight_g\":\(p.weight),\"updated_at\":\"\(Self.timestamp(month, day: 1, second: 3_600 + rng.int(0...3_600)))\"}")
        }
        out.append(File(path: "products/products_\(tag).jsonl", text: productLines.joined(separator: "\n") + "\n", rows: productLines.count))

        // Orders, with late updates of last month's and duplicates; `channel` from April on.
        let withChannel = month >= 4
        var orderLines = ["order_id,customer_id,order_status,order_purchase_timestamp,updated_at" + (withChannel ? ",channel" : "")]
        func orderLine(_ o: Order, status: String, updated: String) -> String {
            ([o.id, o.customer, status, o.purchased, updated] + (withChannel ? [o.channel] : [])).map { Self.csvField($0) }.joined(separator: ",")
        }
        let current = orders(month: month)
        for o in current {
            // Orders arrive as created/approved first when they are to move on later in the month.
            let line = orderLine(o, status: o.status, updated: o.updated)
            orderLines.append(line)
            if rng.chance(0.02) { orderLines.append(line) }  // exact duplicate
        }
        if month > 1 {
            for o in orders(month: month - 1) where (o.status == "shipped" || o.status == "approved") && rng.chance(0.6) {
                let next = o.status == "approved" ? "shipped" : rng.chance(0.93) ? "delivered" : "canceled"
                orderLines.append(orderLine(o, status: next, updated: Self.timestamp(month, day: rng.int(1...10), second: rng.int(0...86_399))))
            }
        }
        out.append(File(path: "orders/orders_\(tag).csv", text: orderLines.joined(separator: "\n") + "\n", rows: orderLines.count - 1))

        // Order items, some sent again next month.
        var itemLines: [String] = []
        func itemLine(_ o: Order, _ n: Int) -> String {
            let it = o.items[n]
            return "{\"order_id\":\(Self.json(o.id)),\"order_item_id\":\(n + 1),\"product_id\":\(Self.json(it.product)),\"price\":\(it.price.map { Self.number($0) } ?? "null"),\"freight_value\":\(Self.number(it.freight))}"
        }
        for o in current { for n in o.items.indices { itemLines.append(itemLine(o, n)) } }
        if month > 1 {
            for o in orders(month: month - 1) where rng.chance(0.015) { for n in o.items.indices { itemLines.append(itemLine(o, n)) } }
        }
        out.append(File(path: "order_items/order_items_\(tag).jsonl", text: itemLines.joined(separator: "\n") + "\n", rows: itemLines.count))

        // Payments.
        var payLines = ["order_id,payment_sequential,payment_type,payment_installments,payment_value"]
        for o in current where o.status != "created" {
            for (i, p) in o.payments.enumerated() {
                payLines.append([o.id, String(i + 1), p.type, String(p.installments), Self.number(p.value)].joined(separator: ","))
            }
        }
        out.append(File(path: "payments/payments_\(tag).csv", text: payLines.joined(separator: "\n") + "\n", rows: payLines.count - 1))
        return out
    }

    /// A payments file a broken export might send: unknown payment types, which the demo's
    /// `fail` expectation on silver.payments rejects.
    public func badPaymentsFile() -> File {
        let lines = [
            "order_id,payment_sequential,payment_type,payment_installments,payment_value",
            "O000001,9,credit_card,1,10.00", "O000002,9,cryptocurrency,1,250.00", "O000003,9,store_credit,1,40.00",
        ]
        return File(path: "payments/payments_export_broken.csv", text: lines.joined(separator: "\n") + "\n", rows: 3)
    }
}
