import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { EmailRules, PasswordRules } from './auth.dto.js';

/** A token from a mail: opaque to clients (256 random bits, base64url); the cap only bounds the work. */
function MailedTokenRules(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    IsNotEmpty()(target, key);
    MaxLength(256)(target, key);
  };
}

// ---- HTTP bodies (validated by the gateway) ----

export class VerifyEmailBody {
  @ApiProperty({ description: 'the token from the verification mail' })
  @MailedTokenRules()
  token: string;
}

export class ForgotPasswordBody {
  @ApiProperty({ format: 'email', example: 'alice@example.com' })
  @EmailRules()
  email: string;
}

export class ResetPasswordBody {
  @ApiProperty({ description: 'the token from the reset mail' })
  @MailedTokenRules()
  token: string;

  @ApiProperty({ minLength: 8, maxLength: 128, description: 'at most 72 bytes in UTF-8' })
  @PasswordRules()
  newPassword: string;
}

// ---- NATS commands (validated again by the auth service) ----

/** No caller: the link works in any browser, the token is the proof. */
export class VerifyEmailCommand extends VerifyEmailBody {}

export class ForgotPasswordCommand extends ForgotPasswordBody {}

export class ResetPasswordCommand extends ResetPasswordBody {}
