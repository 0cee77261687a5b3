package dev.passwordreset.security;

public enum AccessKeyError {

	ACCOUNT_NOT_FOUND, ACCESS_KEY_NOT_FOUND, QUOTA_EXCEEDED, DUPLICATE_ACCESS_KEY, INVALID_FORMAT

}
