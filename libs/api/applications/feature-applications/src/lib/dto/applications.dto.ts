import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import type { CallContact, CountryRiskLevel, CreateCallRequest, SaveSectionRequest } from '@dahe/shared/contracts';

export class CreateCallDto implements CreateCallRequest {
  @ApiProperty({ example: '2024年“大河工坊”职教出海建设项目' })
  @IsString()
  @Length(2, 200)
  title!: string;

  @ApiProperty({ example: 2024 })
  @IsInt()
  @Min(2020)
  @Max(2100)
  year!: number;

  @ApiProperty({ enum: ['dahe-2024'] })
  @IsIn(['dahe-2024'])
  template!: 'dahe-2024';

  @ApiProperty({ description: 'ISO 8601 instant' })
  @IsISO8601({ strict: true })
  opensAt!: string;

  @ApiProperty({ description: 'ISO 8601 instant; enter Asia/Shanghai wall-clock time with its offset, e.g. 2024-08-16T24:00:00+08:00 → 2024-08-16T16:00:00Z' })
  @IsISO8601({ strict: true })
  deadline!: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  perSchoolLimit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  contact?: CallContact;

  @ApiPropertyOptional({ description: 'ISO alpha-2 → ok | caution | prohibited' })
  @IsOptional()
  @IsObject()
  countryRisk?: Record<string, CountryRiskLevel>;
}

export class CreateApplicationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  callId!: string;
}

export class SaveSectionDto implements SaveSectionRequest {
  @ApiProperty({ description: "The section's content, shaped as the template says (see the domain's API shapes)" })
  @IsDefined()
  content!: unknown;

  @ApiPropertyOptional({ description: 'The version this edit was based on (0 for a first save); or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(0)
  version?: number;
}

/** Multipart text fields of an evidence upload (files come as `files`). */
export class UploadEvidenceDto {
  @ApiProperty({ enum: ['degree', 'skills_training', 'tech_service', 'research', 'equipment_export', 'cultural_exchange'] })
  @IsIn(['degree', 'skills_training', 'tech_service', 'research', 'equipment_export', 'cultural_exchange'])
  category!: string;

  @ApiProperty({ example: '与哈萨克斯坦某学院合作协议' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'A cooperation agreement (合作协议)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  isAgreement?: string;
}

export class RestoreSectionDto {
  @ApiProperty({ description: 'The old version to bring back (as a new version)' })
  @IsInt()
  @Min(1)
  restore!: number;

  @ApiPropertyOptional({ description: 'The current version the restore is based on; or send If-Match' })
  @IsOptional()
  @IsInt()
  @Min(0)
  version?: number;
}

export class CreateCommentDto {
  @ApiProperty()
  @IsString()
  @Length(1, 5000)
  body!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The first comment of the thread this answers' })
  @IsOptional()
  @IsUUID()
  replyTo?: string;

  @ApiPropertyOptional({ type: [String], description: 'User ids of school members' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  mentions?: string[];
}

export class SetAssigneesDto {
  @ApiProperty({ type: [String], description: 'User ids of the school\'s drafters; empty clears the assignment' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  userIds!: string[];
}

export class UpdateEvidenceDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ enum: ['degree', 'skills_training', 'tech_service', 'research', 'equipment_export', 'cultural_exchange'] })
  @IsOptional()
  @IsIn(['degree', 'skills_training', 'tech_service', 'research', 'equipment_export', 'cultural_exchange'])
  category?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isAgreement?: boolean;
}
