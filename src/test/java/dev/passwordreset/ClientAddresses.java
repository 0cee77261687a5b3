package dev.passwordreset;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client addresses that no other test of the run is given. Every context of a test run
 * shares one database, and with it the per-address rate limits (20 self-service requests
 * an hour, 20 failed authentications in 5 minutes); two tests that drew the same address
 * at random counted against each other's limit, and one of them got a 429 it did not
 * cause. Handing the addresses out in sequence makes that impossible.
 */
public final class ClientAddresses {

	/** 198.18.0.0/15, the benchmarking range: never a real client; 130,000 addresses. */
	private static final AtomicInteger FORWARDED = new AtomicInteger();

	/** 127.10.0.2 up; 127.0.0.1 and 127.9.x.x (the tests' trusted proxies) never. */
	private static final AtomicInteger LOOPBACK = new AtomicInteger();

	private ClientAddresses() {
	}

	/**
	 * A client address for a trusted proxy to forward ({@code X-Forwarded-For},
	 * {@code Forwarded}), from 198.18.0.0/15.
	 */
	public static String forwarded() {
		int n = FORWARDED.getAndIncrement();
		int host = n % 254 + 1;
		int rest = n / 254;
		if (rest >= 512) {
			throw new IllegalStateException("out of forwarded client addresses");
		}
		return "198." + (18 + rest / 256) + "." + (rest % 256) + "." + host;
	}

	/**
	 * A loopback address (any of 127.0.0.0/8 on Linux) to send from with
	 * {@code HttpApi.from}, in 127.10.0.2 to 127.254.255.254.
	 */
	public static String loopback() {
		int n = LOOPBACK.getAndIncrement();
		int host = n % 253 + 2;
		int rest = n / 253;
		if (rest >= 245 * 256) {
			throw new IllegalStateException("out of loopback client addresses");
		}
		return "127." + (10 + rest / 256) + "." + (rest % 256) + "." + host;
	}

}
