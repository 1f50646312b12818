import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import type { DeadlineExtensionRequest, TransitionRequest } from '@dahe/shared/contracts';
import { WORKFLOW_ACTIONS } from '@dahe/shared/workflow';

export class TransitionDto implements TransitionRequest {
  @ApiProperty({ enum: WORKFLOW_ACTIONS })
  @IsString()
  @Length(1, 40)
  action!: string;

  @ApiPropertyOptional({ description: 'return, return_for_correction: why (required)' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  comment?: string;

  @ApiPropertyOptional({ description: 'sign, approve: the 单位意见 (required)' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  opinion?: string;

  @ApiPropertyOptional({ description: 'sign: the signer’s password, entered again' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  password?: string;

  @ApiPropertyOptional({ description: 'sign: the authenticator code, where the signer has a second factor' })
  @IsOptional()
  @IsString()
  @Length(0, 20)
  totp?: string;

  @ApiPropertyOptional({ enum: ['approved', 'rejected'] })
  @IsOptional()
  @IsIn(['approved', 'rejected'])
  decision?: 'approved' | 'rejected';

  @ApiPropertyOptional({ description: 'The content hash you read (`<alg>:<hex>`); refused with content_changed if it is no longer current' })
  @IsOptional()
  @IsString()
  @Matches(/^(sm3|sha256):[0-9a-f]{64}$/)
  contentHash?: string;
}

export class DeadlineExtensionDto implements DeadlineExtensionRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  schoolId!: string;

  @ApiProperty({ description: 'ISO 8601 instant after the call’s deadline' })
  @IsISO8601({ strict: true })
  until!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 1000)
  reason!: string;
}
