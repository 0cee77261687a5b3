package dev.passwordreset.bootstrap;

import dev.passwordreset.identity.OrganizationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Runs the initial setup on an empty database before the web server accepts requests.
 * When two instances start on one empty database, the organization's uniqueness lets one
 * win; the other rolls back and carries on with what the winner made.
 */
@Component
class Bootstrap implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(Bootstrap.class);

	private final OrganizationService organization;

	private final InitialSetup initialSetup;

	Bootstrap(OrganizationService organization, InitialSetup initialSetup) {
		this.organization = organization;
		this.initialSetup = initialSetup;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.organization.organizationExists()) {
			logger.debug("The organization exists; nothing to bootstrap");
			return;
		}
		try {
			this.initialSetup.createInitialData();
		}
		catch (DataIntegrityViolationException ex) {
			if (!this.organization.organizationExists()) {
				throw ex;
			}
			logger.info("Another instance bootstrapped the organization first");
		}
	}

}
