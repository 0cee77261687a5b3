package dev.passwordreset.password;

import java.util.Optional;

import org.springframework.data.repository.Repository;

interface StorePasswordPolicyRepository extends Repository<StorePasswordPolicy, String> {

	Optional<StorePasswordPolicy> findById(String identityStoreId);

	StorePasswordPolicy saveAndFlush(StorePasswordPolicy policy);

}
