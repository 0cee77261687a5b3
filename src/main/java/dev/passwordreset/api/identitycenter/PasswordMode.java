package dev.passwordreset.api.identitycenter;

/**
 * Huawei's password modes: a one-time password shown to the administrator, or a reset
 * link emailed to the user.
 */
enum PasswordMode {

	OTP, EMAIL

}
