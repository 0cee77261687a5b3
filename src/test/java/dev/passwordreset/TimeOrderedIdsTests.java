package dev.passwordreset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the inserting paths rely on: ids made one after another sort in that order the way
 * the run's database (H2 or PostgreSQL) compares its {@code uuid} columns, so a new row's
 * key goes to the end of its index.
 */
@RepositoryTest
class TimeOrderedIdsTests {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void idsMadeOneAfterAnotherSortInThatOrderInTheDatabase() {
		// Thousands in a row: most share their millisecond with others.
		List<UUID> made = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			made.add(TimeOrderedIds.next());
		}
		List<UUID> shuffled = new ArrayList<>(made);
		Collections.shuffle(shuffled, new Random(7));

		String values = shuffled.stream().map((id) -> "(cast(? as uuid))").collect(Collectors.joining(", "));
		List<UUID> sorted = this.jdbc.queryForList("select id from (values " + values + ") as ids(id) order by id",
				UUID.class, shuffled.toArray());

		assertThat(sorted.equals(made)).as("the database sorts the ids in the order they were made").isTrue();
	}

	@Test
	void idsMadeAtOnceOnManyThreadsAreDistinctAndEachThreadsFollowTheClock() throws Exception {
		List<Callable<List<UUID>>> calls = new ArrayList<>();
		for (int thread = 0; thread < 8; thread++) {
			calls.add(() -> {
				List<UUID> ids = new ArrayList<>();
				for (int i = 0; i < 5000; i++) {
					ids.add(TimeOrderedIds.next());
				}
				return ids;
			});
		}

		List<List<UUID>> perThread = AllAtOnce.run(calls);

		Set<UUID> all = new HashSet<>();
		perThread.forEach(all::addAll);
		assertThat(all).hasSize(8 * 5000);
		for (List<UUID> ids : perThread) {
			List<Long> milliseconds = ids.stream().map(TimeOrderedIdsTests::millisecond).toList();
			assertThat(milliseconds).as("the milliseconds of one thread's ids").isSorted();
		}
	}

	@Test
	void anIdIsAVersionSevenUuidThatBeginsWithTheMillisecondItWasMade() {
		long before = System.currentTimeMillis();
		UUID id = TimeOrderedIds.next();
		long after = System.currentTimeMillis();

		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(millisecond(id)).isBetween(before, after);
	}

	private static long millisecond(UUID id) {
		return id.getMostSignificantBits() >>> 16;
	}

}
