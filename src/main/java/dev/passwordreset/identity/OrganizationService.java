package dev.passwordreset.identity;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The organization: its management account, member accounts and delegated administrators.
 */
@Service
public class OrganizationService {

	private static final Pattern ACCOUNT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9a-f]{32}");

	private final OrganizationRepository organizations;

	private final AccountRepository accounts;

	private final DelegatedAdministratorRepository delegatedAdministrators;

	private final Clock clock;

	/** Read once the organization exists: its management account never changes. */
	private volatile @Nullable String managementAccountId;

	OrganizationService(OrganizationRepository organizations, AccountRepository accounts,
			DelegatedAdministratorRepository delegatedAdministrators, Clock clock) {
		this.organizations = organizations;
		this.accounts = accounts;
		this.delegatedAdministrators = delegatedAdministrators;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public boolean organizationExists() {
		return this.organizations.existsBy();
	}

	/**
	 * Creates the organization with its management account; used once, by bootstrap.
	 * @param configuredAccountId the management account's id, or null to generate one
	 */
	@Transactional
	public AccountInfo createOrganization(@Nullable String configuredAccountId, String managementAccountName) {
		String managementAccountId = (configuredAccountId != null) ? configuredAccountId : RandomIds.accountId();
		if (!ACCOUNT_ID.matcher(managementAccountId).matches()) {
			throw IdentityException.invalid("the management account id must be 32 lower-case hex digits");
		}
		Organization organization = this.organizations
			.saveAndFlush(new Organization(managementAccountId, this.clock.instant()));
		Account account = this.accounts.saveAndFlush(new Account(managementAccountId, organization.id(),
				managementAccountName, null, this.clock.instant(), "system"));
		return account.toInfo(true, false);
	}

	@Transactional(readOnly = true)
	public OrganizationInfo organization() {
		Organization organization = current();
		Set<String> delegated = this.delegatedAdministrators.findAll()
			.stream()
			.map(DelegatedAdministrator::accountId)
			.collect(Collectors.toSet());
		List<AccountInfo> members = this.accounts.findByOrganizationIdOrderByCreatedAtAscIdAsc(organization.id())
			.stream()
			.map((account) -> account.toInfo(account.id().equals(organization.managementAccountId()),
					delegated.contains(account.id())))
			.toList();
		return new OrganizationInfo(organization.id(), organization.managementAccountId(), organization.createdAt(),
				members);
	}

	@Transactional(readOnly = true)
	public String managementAccountId() {
		return current().managementAccountId();
	}

	@Transactional
	public AccountInfo createAccount(String name, @Nullable String email, String callerAccountId) {
		if (name == null || !ACCOUNT_NAME.matcher(name).matches()) {
			throw IdentityException.invalid("name",
					"must be 1 to 64 letters, digits or . _ - and start with a letter or digit");
		}
		if (email != null && !UserAttributeRules.isEmailAddress(email)) {
			throw IdentityException.invalid("email", "must be an email address");
		}
		Organization organization = current();
		if (this.accounts.existsByOrganizationIdAndNameKey(organization.id(), Account.key(name))) {
			throw duplicateAccount(name);
		}
		try {
			Account account = this.accounts.saveAndFlush(new Account(RandomIds.accountId(), organization.id(), name,
					email, this.clock.instant(), callerAccountId));
			return account.toInfo(false, false);
		}
		catch (DataIntegrityViolationException ex) {
			throw duplicateAccount(name);
		}
	}

	@Transactional
	public AccountInfo registerDelegatedAdministrator(String accountId, String callerAccountId) {
		Organization organization = current();
		Account account = this.accounts.findById(accountId)
			.orElseThrow(() -> IdentityException.notFound(IdentityError.ACCOUNT_NOT_FOUND, shown(accountId)));
		if (accountId.equals(organization.managementAccountId())) {
			throw IdentityException.of(IdentityError.MANAGEMENT_ACCOUNT_NOT_DELEGABLE);
		}
		if (this.delegatedAdministrators.existsById(accountId)) {
			throw alreadyDelegated(accountId);
		}
		try {
			this.delegatedAdministrators
				.saveAndFlush(new DelegatedAdministrator(accountId, this.clock.instant(), callerAccountId));
		}
		catch (DataIntegrityViolationException ex) {
			throw alreadyDelegated(accountId);
		}
		return account.toInfo(false, true);
	}

	@Transactional
	public void deregisterDelegatedAdministrator(String accountId) {
		DelegatedAdministrator administrator = this.delegatedAdministrators.findById(accountId)
			.orElseThrow(() -> IdentityException.notFound(IdentityError.DELEGATED_ADMINISTRATOR_NOT_FOUND,
					shown(accountId)));
		this.delegatedAdministrators.delete(administrator);
	}

	@Transactional(readOnly = true)
	public boolean accountExists(String accountId) {
		return this.accounts.existsById(accountId);
	}

	/**
	 * The role of an account, or empty when the account does not exist. Asked on every
	 * request, so the management account, which never changes once the organization
	 * exists and is never deleted, is answered from memory; every other account is read,
	 * so that a removed delegation counts at once on every instance.
	 */
	public Optional<AccountRole> roleOf(String accountId) {
		if (accountId.equals(knownManagementAccountId())) {
			return Optional.of(AccountRole.MANAGEMENT_ACCOUNT);
		}
		if (!this.accounts.existsById(accountId)) {
			return Optional.empty();
		}
		return Optional.of(this.delegatedAdministrators.existsById(accountId) ? AccountRole.DELEGATED_ADMINISTRATOR
				: AccountRole.MEMBER);
	}

	private @Nullable String knownManagementAccountId() {
		String known = this.managementAccountId;
		if (known == null) {
			known = this.organizations.findFirstByOrderByCreatedAtAsc()
				.map(Organization::managementAccountId)
				.orElse(null);
			this.managementAccountId = known;
		}
		return known;
	}

	private Organization current() {
		return this.organizations.findFirstByOrderByCreatedAtAsc()
			.orElseThrow(() -> new IllegalStateException("The organization has not been bootstrapped"));
	}

	private static IdentityException duplicateAccount(String name) {
		return IdentityException.duplicate(IdentityError.DUPLICATE_ACCOUNT_NAME, "name", IdentityException.Clash.SAME);
	}

	private static IdentityException alreadyDelegated(String accountId) {
		return IdentityException.already(IdentityError.ALREADY_DELEGATED_ADMINISTRATOR, accountId);
	}

	/**
	 * The id comes straight from the URL, so it is echoed only when it is plainly an
	 * account id.
	 */
	private static @Nullable String shown(String accountId) {
		return ACCOUNT_ID.matcher(accountId).matches() ? accountId : null;
	}

}
