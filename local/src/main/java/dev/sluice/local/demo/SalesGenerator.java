package dev.sluice.local.demo;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The deterministic source of every demo row. Each entity (customer, product, order) draws from its own random
 * stream seeded by (dataset seed, entity kind, id), so one row can be re-derived without generating the others and
 * the order of generation never changes a value. Values are produced in PostgreSQL's text input form.
 *
 * <p>Shape: orders pick customers half uniformly and half from a Zipf distribution (a few customers place many
 * orders); order times are exponentially denser towards {@link #ANCHOR} (recent months dominate); products are
 * chosen by a Zipf popularity; optional columns are NULL 2-20% of the time; names and notes carry accents, emoji
 * and astral-plane letters; refunds have negative totals; {@code cost_basis} has long decimal expansions.
 */
final class SalesGenerator {

    /** The newest instant in the generated data: fixed, so the dataset does not depend on the clock. */
    static final Instant ANCHOR = Instant.parse("2026-09-30T00:00:00Z");
    private static final long SPAN_SECONDS = Duration.ofDays(3 * 365).toSeconds();
    private static final double RECENCY_SECONDS = Duration.ofDays(150).toSeconds();

    private static final long CUSTOMER = 1, PRODUCT = 2, ORDER = 3, ORDER_DETAIL = 4, EVENT = 5, SHUFFLE = 6;

    private static final String[] FIRST = {"Anna", "Ben", "Chloé", "Dmitri", "Elif", "François", "Grace", "Hiro",
        "Ingrid", "José", "Kwame", "Łukasz", "María", "Nguyễn", "Olga", "Priya", "Quentin", "Søren", "Tomás", "Uma",
        "Valentina", "Wei", "Xóchitl", "Yusuf", "Zoë", "Αλέξανδρος", "Олег", "李", "Ana 🌸", "Sam 👩‍💻", "𝒥𝑜𝒽𝓃"};
    private static final String[] LAST = {"Smith", "Müller", "García", "Rossi", "Kowalski", "Nakamura", "O'Brien",
        "Dubois", "Johansson", "Novák", "Öztürk", "Silva", "Đặng", "Иванова", "王", "van der Berg", "Nørgaard",
        "Fernández-López", "Ngata 🌊", "𝔊𝔬𝔱𝔥𝔦𝔠"};
    private static final String[] COUNTRY = {"US", "US", "US", "GB", "DE", "DE", "FR", "NL", "ES", "IT", "PL", "SE",
        "JP", "BR", "IN", "CA", "AU", "MX", "NZ", "ZA"};
    private static final String[] SEGMENT = {"consumer", "consumer", "consumer", "small_business", "enterprise"};
    private static final String[] TAG = {"vip", "newsletter", "wholesale", "returns-risk", "b2b", "early-adopter",
        "loyalty, gold", "said \"hi\""};
    private static final String[] CATEGORY = {"electronics", "home", "garden", "toys", "books", "apparel",
        "sports", "beauty", "grocery", "office"};
    private static final String[] ADJECTIVE = {"Compact", "Deluxe", "Eco", "Ultra", "Classic", "Smart", "Mini",
        "Pro", "Rustic", "Rocket 🚀"};
    private static final String[] NOUN = {"Lamp", "Kettle", "Backpack", "Drone", "Notebook", "Chair", "Speaker",
        "Planter", "Puzzle", "Jacket", "Blender", "Tent"};
    private static final String[] CHANNEL = {"web", "web", "web", "mobile", "mobile", "store", "phone",
        "marketplace"};
    private static final String[] STREET = {"Main St", "Hauptstraße", "Rue de la Paix", "Calle Mayor", "Baker St",
        "Ulica Długa", "桜通り", "Nørrebrogade"};
    private static final String[] NOTE = {"Leave at the door", "Call before delivery", "Gift wrap please 🎁",
        "Fragile!", "Deliver after 6pm", "Customer asked for invoice\ton letterhead", "Rückruf erwünscht",
        "Multi-line note:\nfirst line\nsecond line", "Backslash \\ in path C:\\temp", "🚚💨 express"};
    private static final String[] EVENT_SOURCE = {"web", "pos", "warehouse", "carrier", "support"};

    private final DemoScale scale;
    private final double[] customerZipf;
    private final long[] customerByRank;
    private final double[] productZipf;
    private final int[] productByRank;
    private final long[] productPriceCents;

    SalesGenerator(DemoScale scale) {
        this.scale = scale;
        this.customerZipf = zipfCumulative((int) scale.customers(), 1.05);
        this.customerByRank = shuffledIds(scale.customers(), SHUFFLE * 31 + CUSTOMER);
        this.productZipf = zipfCumulative(scale.products(), 0.9);
        long[] products = shuffledIds(scale.products(), SHUFFLE * 31 + PRODUCT);
        this.productByRank = Arrays.stream(products).mapToInt(Math::toIntExact).toArray();
        this.productPriceCents = new long[scale.products() + 1];
        for (int id = 1; id <= scale.products(); id++) {
            productPriceCents[id] = productPrice(random(PRODUCT, id));
        }
    }

    DemoScale scale() {
        return scale;
    }

    // ---------------------------------------------------------------------------------------------- customers

    void customer(long id, CopyTextRows row) throws SQLException {
        SplittableRandom r = random(CUSTOMER, id);
        row.value(id);
        double emailDraw = r.nextDouble();
        row.value(emailDraw < 0.04 ? null : emailDraw < 0.06 ? "" : "customer" + id + "@example.com");
        row.value(r.nextDouble() < 0.03 ? null : pick(r, FIRST) + " " + pick(r, LAST));
        row.value(r.nextDouble() < 0.05 ? null : pick(r, COUNTRY));
        row.value(r.nextDouble() < 0.08 ? null : pick(r, SEGMENT));
        row.value(r.nextDouble() < 0.10 ? null : cents(r.nextLong(0, 5_000_000_00L)));
        row.value(r.nextDouble() < 0.15 ? null : tags(r));
        row.value(r.nextDouble() < 0.10 ? null : "{\"newsletter\": " + r.nextBoolean() + ", \"language\": \""
                + pick(r, new String[] {"en", "de", "fr", "ja", "pt-BR"}) + "\", \"theme\": "
                + (r.nextBoolean() ? "null" : "\"dark\"") + ", \"limits\": {\"daily\": " + r.nextInt(1, 50) + "}}");
        UUID ref = new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL)
                | 0x8000000000000000L);
        row.value(r.nextDouble() < 0.05 ? null : ref);
        row.value(r.nextDouble() < 0.02 ? null : r.nextDouble() < 0.9);
        Instant created = ANCHOR.minus(r.nextLong(30, 6 * 365), ChronoUnit.DAYS)
                .plusSeconds(r.nextLong(86_400));
        row.value(r.nextDouble() < 0.05 ? null : created);
        row.value(min(created.plusSeconds(r.nextLong(0, 400L * 86_400)), ANCHOR));
        row.endRow();
    }

    private static String tags(SplittableRandom r) {
        int n = r.nextInt(0, 4);
        StringBuilder array = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                array.append(',');
            }
            array.append('"').append(pick(r, TAG).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return array.append('}').toString();
    }

    // ---------------------------------------------------------------------------------------------- products

    void product(int id, CopyTextRows row) throws SQLException {
        SplittableRandom r = random(PRODUCT, id);
        long price = productPrice(r);
        row.value(id);
        row.value(String.format("SKU-%06d", id));
        row.value(r.nextDouble() < 0.03 ? null : pick(r, ADJECTIVE) + " " + pick(r, NOUN) + " " + id);
        row.value(r.nextDouble() < 0.05 ? null : pick(r, CATEGORY));
        row.value(cents(price));
        row.value(r.nextDouble() < 0.06 && !beyondDecimal38(id) ? null : costBasis(r, id, price));
        row.value(r.nextDouble() < 0.10 ? null : (float) (Math.round(r.nextDouble() * 30_000) / 1000.0));
        row.value(r.nextDouble() < 0.12 ? null : attributes(r, id));
        row.value(r.nextDouble() < 0.20 ? null : thumbnail(r, id));
        row.value(r.nextDouble() < 0.04 ? null : r.nextDouble() < 0.08);
        row.value(r.nextDouble() < 0.05 ? null : LocalDate.ofInstant(ANCHOR, ZoneOffset.UTC)
                .minusDays(r.nextLong(0, 8 * 365)));
        row.value(r.nextDouble() < 0.05 ? null : ANCHOR.minusSeconds(r.nextLong(0, 2L * 365 * 86_400)));
        row.endRow();
    }

    /** The first draw of a product's stream, so order lines can price a product without generating it. */
    private static long productPrice(SplittableRandom r) {
        double u = r.nextDouble();
        return 99 + (long) (Math.pow(u, 3) * 250_000);
    }

    /** Products 7, 50, 93, ...: a cost basis with more significant digits than any 38-digit decimal holds. */
    private static boolean beyondDecimal38(int id) {
        return id % 43 == 7;
    }

    /** Unbounded numeric: long expansions, and a few values beyond 38 significant digits. */
    private static String costBasis(SplittableRandom r, int id, long priceCents) {
        StringBuilder digits = new StringBuilder();
        if (beyondDecimal38(id)) {
            digits.append(priceCents).append("0000000000000000000000000000.");
            for (int i = 0; i < 15; i++) {
                digits.append((char) ('0' + r.nextInt(10)));
            }
            return digits.toString();
        }
        digits.append(priceCents * r.nextInt(40, 90) / 10_000).append('.');
        int fraction = r.nextInt(2, 31);
        for (int i = 0; i < fraction; i++) {
            digits.append((char) ('0' + r.nextInt(10)));
        }
        return digits.toString();
    }

    /** json (not jsonb): kept verbatim, so whitespace, key order and a duplicate key survive. */
    private static String attributes(SplittableRandom r, int id) {
        if (id % 50 == 0) {
            return "{\"color\": \"red\",   \"color\": \"blue\", \"note\": \"caf\\u00e9 \\\"quoted\\\"\"}";
        }
        return "{\"color\":\"" + pick(r, new String[] {"red", "green", "blue", "black", "white"})
                + "\",\"size\":\"" + pick(r, new String[] {"S", "M", "L", "XL"}) + "\",\"dims_cm\":["
                + r.nextInt(1, 100) + "," + r.nextInt(1, 100) + "," + r.nextInt(1, 100) + "]}";
    }

    private static String thumbnail(SplittableRandom r, int id) {
        if (id % 41 == 0) {
            return "\\x";
        }
        byte[] bytes = new byte[r.nextInt(16, 97)];
        r.nextBytes(bytes);
        bytes[0] = (byte) 0x89;
        bytes[1] = 'P';
        bytes[2] = 'N';
        bytes[3] = 'G';
        return "\\x" + HexFormat.of().formatHex(bytes);
    }

    // ---------------------------------------------------------------------------------------------- orders

    /** The parts of an order that order lines and events need too. */
    record OrderDraft(long id, long customerId, Instant orderTs, String status, int discountBasisPoints,
            int[] productIds, int[] quantities, long[] unitPriceCents, Instant updatedAt) {

        long linesCents() {
            long sum = 0;
            for (int i = 0; i < quantities.length; i++) {
                sum += quantities[i] * unitPriceCents[i];
            }
            return sum;
        }

        long totalCents() {
            long total = (linesCents() * (10_000 - discountBasisPoints) + 5_000) / 10_000;
            return "refunded".equals(status) ? -total : total;
        }
    }

    OrderDraft draft(long id) {
        SplittableRandom r = random(ORDER, id);
        double u = (id - 1 + r.nextDouble()) / scale.orders();
        double floor = Math.exp(-SPAN_SECONDS / RECENCY_SECONDS);
        double secondsBeforeAnchor = -RECENCY_SECONDS * Math.log(floor + u * (1 - floor));
        Instant orderTs = ANCHOR.minusMillis((long) (secondsBeforeAnchor * 1000) + 1);
        long customer = pickCustomer(r);
        double ageDays = secondsBeforeAnchor / 86_400;
        String status = status(r.nextDouble(), ageDays);
        int discount = r.nextDouble() < 0.6 ? 0 : r.nextInt(0, 3_501);
        int lines = lineCount(r.nextDouble());
        int[] products = new int[lines];
        int[] quantities = new int[lines];
        long[] prices = new long[lines];
        for (int i = 0; i < lines; i++) {
            products[i] = pickProduct(r);
            quantities[i] = r.nextDouble() < 0.8 ? 1 + r.nextInt(3) : 1 + r.nextInt(250);
            prices[i] = productPriceCents[products[i]];
        }
        long settleSeconds = "pending".equals(status) ? r.nextLong(1, 600) : r.nextLong(600, 20L * 86_400);
        Instant updated = min(orderTs.plusSeconds(settleSeconds), ANCHOR);
        return new OrderDraft(id, customer, orderTs, status, discount, products, quantities, prices, updated);
    }

    private static String status(double draw, double ageDays) {
        if (ageDays < 3) {
            return draw < 0.55 ? "pending" : draw < 0.85 ? "paid" : draw < 0.97 ? "shipped" : "cancelled";
        }
        if (ageDays < 14) {
            return draw < 0.05 ? "pending" : draw < 0.25 ? "paid" : draw < 0.65 ? "shipped"
                    : draw < 0.95 ? "delivered" : "cancelled";
        }
        return draw < 0.86 ? "delivered" : draw < 0.92 ? "cancelled" : draw < 0.97 ? "refunded" : "shipped";
    }

    private static int lineCount(double draw) {
        double[] cumulative = {0.35, 0.60, 0.75, 0.85, 0.91, 0.95, 0.98, 1.0};
        for (int i = 0; i < cumulative.length; i++) {
            if (draw < cumulative[i]) {
                return i + 1;
            }
        }
        return 8;
    }

    void order(OrderDraft d, CopyTextRows row) throws SQLException {
        SplittableRandom r = random(ORDER_DETAIL, d.id());
        row.value(d.id());
        row.value(d.customerId());
        row.value(d.orderTs());
        row.value(LocalDate.ofInstant(d.orderTs(), ZoneOffset.UTC));
        row.value(d.status());
        row.value(r.nextDouble() < 0.05 ? null : pick(r, CHANNEL));
        row.value(cents(d.totalCents()));
        row.value(r.nextDouble() < 0.10 ? null : String.format("%d.%04d", d.discountBasisPoints() / 10_000,
                d.discountBasisPoints() % 10_000));
        row.value(r.nextDouble() < 0.05 ? null : r.nextInt(1, 999) + " " + pick(r, STREET) + ", "
                + (10_000 + r.nextInt(90_000)) + " " + pick(r, LAST) + "ville");
        row.value(notes(r, d.id()));
        boolean shipped = switch (d.status()) {
            case "shipped", "delivered", "refunded" -> true;
            default -> false;
        };
        row.value(shipped && r.nextDouble() >= 0.05 ? Duration.ofSeconds(r.nextLong(600, 6L * 86_400))
                .toSeconds() + " seconds" : null);
        row.value(r.nextDouble() < 0.10 ? null : LocalTime.ofSecondOfDay(r.nextLong(6 * 3_600, 22 * 3_600)));
        row.value(d.updatedAt());
        row.endRow();
    }

    private static String notes(SplittableRandom r, long id) {
        if (id % 997 == 0) {
            return "Long support transcript for order " + id + ": "
                    + "The customer reported the parcel was damaged in transit; replacement arranged. ".repeat(800);
        }
        double draw = r.nextDouble();
        if (draw < 0.15) {
            return null;
        }
        if (draw < 0.20) {
            return "";
        }
        return draw < 0.6 ? pick(r, NOTE) : pick(r, NOTE) + " (ticket " + r.nextInt(100_000) + ")";
    }

    void orderLines(OrderDraft d, CopyTextRows rows) throws SQLException {
        SplittableRandom r = random(ORDER_DETAIL, -d.id());
        for (int i = 0; i < d.productIds().length; i++) {
            rows.value(d.id());
            rows.value(i + 1);
            rows.value(d.productIds()[i]);
            rows.value(d.quantities()[i]);
            rows.value(cents(d.unitPriceCents()[i]));
            rows.value(cents(d.quantities()[i] * d.unitPriceCents()[i]));
            double tax = r.nextDouble();
            rows.value(tax < 0.05 ? null : tax < 0.3 ? 0.2 : tax < 0.5 ? 0.19 : tax < 0.7 ? 0.0825
                    : tax < 0.9 ? 0.0 : 1.0 / 3.0);
            rows.value(d.updatedAt());
            rows.endRow();
        }
    }

    void orderEvents(OrderDraft d, CopyTextRows rows) throws SQLException {
        SplittableRandom r = random(EVENT, d.id());
        String[] events = switch (d.status()) {
            case "pending" -> new String[] {"created"};
            case "paid" -> new String[] {"created", "paid"};
            case "shipped" -> new String[] {"created", "paid", "shipped"};
            case "delivered" -> new String[] {"created", "paid", "shipped", "delivered"};
            case "refunded" -> new String[] {"created", "paid", "shipped", "delivered", "refunded"};
            default -> new String[] {"created", "cancelled"};
        };
        long span = Math.max(1, Duration.between(d.orderTs(), d.updatedAt()).toMillis());
        for (int i = 0; i < events.length; i++) {
            Instant at = i == 0 ? d.orderTs() : d.orderTs().plusMillis(span * i / (events.length - 1));
            rows.value(d.id());
            rows.value(events[i]);
            rows.value(r.nextDouble() < 0.02 ? null : LocalDateTime.ofInstant(at, ZoneOffset.UTC));
            rows.value(r.nextDouble() < 0.08 ? null : "{\"source\": \"" + pick(r, EVENT_SOURCE)
                    + "\", \"attempt\": " + (1 + r.nextInt(3))
                    + (r.nextDouble() < 0.1 ? ", \"note\": \"⚠️ retry\"" : "")
                    + "}");
            rows.endRow();
        }
    }

    // ---------------------------------------------------------------------------------------------- shared

    /** Sequence-independent random stream for one entity: SplitMix64 over (seed, kind, id). */
    SplittableRandom random(long kind, long id) {
        return new SplittableRandom(mix(mix(scale.seed(), kind), id));
    }

    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A customer picked like the order generator picks one: the skew later changes reproduce. */
    long pickCustomer(SplittableRandom r) {
        return r.nextDouble() < 0.5
                ? r.nextLong(1, scale.customers() + 1)
                : customerByRank[rank(customerZipf, r.nextDouble())];
    }

    int pickProduct(SplittableRandom r) {
        return productByRank[rank(productZipf, r.nextDouble())];
    }

    long priceCents(int productId) {
        return productPriceCents[productId];
    }

    private static double[] zipfCumulative(int n, double exponent) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1 / Math.pow(k + 1, exponent);
            cumulative[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= sum;
        }
        return cumulative;
    }

    private static int rank(double[] cumulative, double u) {
        int i = Arrays.binarySearch(cumulative, u);
        return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
    }

    /** Ids 1..n in a seed-determined order: rank k of a Zipf draw maps to {@code ids[k]}. */
    private long[] shuffledIds(long n, long salt) {
        long[] ids = new long[(int) n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
        }
        SplittableRandom r = random(salt, 0);
        for (int i = ids.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        return ids;
    }

    static String cents(long cents) {
        long abs = Math.abs(cents);
        return (cents < 0 ? "-" : "") + abs / 100 + "." + (abs % 100 < 10 ? "0" : "") + abs % 100;
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
