import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import type { ChangePasswordRequest, LoginRequest, SetActiveOrgRequest } from '@dahe/shared/contracts';

export class LoginDto implements LoginRequest {
  @ApiProperty({ description: 'Username or e-mail', example: 's1.admin' })
  @IsString()
  @Length(1, 200)
  username!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 1024)
  password!: string;

  @ApiPropertyOptional({ description: 'Six-digit TOTP code or a recovery code' })
  @IsOptional()
  @IsString()
  @Length(6, 20)
  totp?: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 1024)
  currentPassword!: string;

  @ApiProperty({ description: 'At least 10 characters from three of: lower case, upper case, digits, symbols' })
  @IsString()
  @Length(1, 1024)
  newPassword!: string;
}

export class SetActiveOrgDto implements SetActiveOrgRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId!: string;
}

export class EnableTotpDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\s*\d{3}\s?\d{3}\s*$/)
  code!: string;
}
