package dev.sluice.local.demo;

/**
 * The size and seed of the demo sales dataset. {@code orders} sizes everything else: customers, products, order
 * lines and order events are proportional to it. The same scale always yields the same rows.
 */
public record DemoScale(long orders, long seed) {

    public static final long DEFAULT_ORDERS = 200_000;
    public static final long DEFAULT_SEED = 42;
    public static final long MIN_ORDERS = 100;
    public static final long MAX_ORDERS = 20_000_000;
    public static final DemoScale DEFAULT = new DemoScale(DEFAULT_ORDERS, DEFAULT_SEED);

    public DemoScale {
        if (orders < MIN_ORDERS || orders > MAX_ORDERS) {
            throw new IllegalArgumentException("the demo dataset takes between " + MIN_ORDERS + " and " + MAX_ORDERS
                    + " orders, not " + orders + ": pass --rows in that range");
        }
    }

    /** One customer per ten orders (at least 20), so a few customers can own many orders. */
    public long customers() {
        return Math.max(20, orders / 10);
    }

    /** One product per 200 orders, between 50 and 5,000. */
    public int products() {
        return (int) Math.max(50, Math.min(5_000, orders / 200));
    }

    /** The form kept as the {@code sales} schema's comment, to recognise an already loaded dataset. */
    String label() {
        return "sluice demo dataset v" + DemoDataset.GENERATOR_VERSION + " orders=" + orders + " seed=" + seed;
    }
}
