package dev.passwordreset.identity;

import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Where a user sits in the enterprise, as Huawei's {@code EnterpriseDto} has it.
 * {@code manager} is the {@code manager.value} of the vendor's model: an identifier of
 * the user's manager, kept as given, because directories synchronized into the store name
 * managers the store does not hold.
 */
public record Enterprise(@Nullable String employeeNumber, @Nullable String costCenter, @Nullable String organization,
		@Nullable String division, @Nullable String department, @Nullable String manager) {

	public static final Enterprise EMPTY = new Enterprise(null, null, null, null, null, null);

	public boolean isEmpty() {
		return Stream
			.of(this.employeeNumber, this.costCenter, this.organization, this.division, this.department, this.manager)
			.allMatch((part) -> part == null || part.isBlank());
	}

}
