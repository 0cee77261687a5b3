package dev.passwordreset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and the pages link to each other by page and heading; moving a section or
 * renaming a heading must take its links along.
 */
class DocumentationLinksTests {

	@Test
	void everyRelativeLinkLeadsToAPageAndAHeadingThatExist() {
		List<String> broken = new ArrayList<>();
		for (Documentation page : Documentation.pages()) {
			for (String link : page.relativeLinks()) {
				int hash = link.indexOf('#');
				String file = (hash >= 0) ? link.substring(0, hash) : link;
				String anchor = (hash >= 0) ? link.substring(hash + 1) : null;
				Path target = file.isEmpty() ? page.file() : page.file().resolveSibling(file).normalize();
				if (!Files.exists(target)) {
					broken.add(link + " in " + page + ": no " + target);
				}
				else if (anchor != null && !Documentation.at(target).anchors().contains(anchor)) {
					broken.add(link + " in " + page + ": no heading #" + anchor + " in " + target);
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	@Test
	void theReadmeFitsOnAScreenOrTwo() {
		assertThat(Documentation.pages().get(0).file()).hasFileName("README.md");
		assertThat(Documentation.pages().get(0).lineCount()).as("two screens of 50 lines").isLessThanOrEqualTo(100);
	}

}
