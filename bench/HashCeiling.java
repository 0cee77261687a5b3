import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * The ceiling the configured password hash puts on this machine: new hashes per second with one
 * thread per core, for a few seconds, with the encoder the service builds from the same settings
 * (PasswordHashing: bcrypt of the strength, Argon2id with 16-byte salt and 32-byte hash, or PBKDF2
 * as Spring Security 5.8 defines it). Run by bench/run as a single-file program on the jar's
 * libraries:
 *
 * <pre>java -cp 'lib/*' HashCeiling.java SECONDS ENCODER BCRYPT_STRENGTH ARGON2_MEMORY_KIB ARGON2_ITERATIONS ARGON2_PARALLELISM</pre>
 *
 * Prints "hashes_per_second threads".
 */
public class HashCeiling {

	public static void main(String[] args) throws Exception {
		double seconds = Double.parseDouble(args[0]);
		PasswordEncoder encoder = switch (args[1]) {
			case "bcrypt" -> new BCryptPasswordEncoder(Integer.parseInt(args[2]));
			case "argon2" -> new Argon2PasswordEncoder(16, 32, Integer.parseInt(args[5]), Integer.parseInt(args[3]),
					Integer.parseInt(args[4]));
			case "pbkdf2" -> Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8();
			default -> throw new IllegalArgumentException("unknown encoder " + args[1]);
		};
		int threads = Runtime.getRuntime().availableProcessors();
		// Warm up (JIT) on every thread before the clock starts.
		for (int i = 0; i < 2; i++) {
			encoder.encode("Warm-Up-Password-1");
		}
		LongAdder done = new LongAdder();
		long deadline = System.nanoTime() + (long) (seconds * 1e9);
		CountDownLatch finished = new CountDownLatch(threads);
		long start = System.nanoTime();
		long[] ends = new long[threads];
		for (int t = 0; t < threads; t++) {
			int slot = t;
			Thread worker = new Thread(() -> {
				int n = 0;
				while (System.nanoTime() < deadline) {
					encoder.encode("Bench-Password-" + slot + "-" + n++);
					done.increment();
				}
				ends[slot] = System.nanoTime();
				finished.countDown();
			});
			worker.start();
		}
		finished.await();
		long end = 0;
		for (long e : ends) {
			end = Math.max(end, e);
		}
		System.out.printf("%.2f %d%n", done.sum() / ((end - start) / 1e9), threads);
	}

}
