import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import {
  type AcceptInvitationRequest,
  type CreateInvitationRequest,
  type CreateOrganisationRequest,
  type MembershipStatus,
  Role,
  SchoolType,
  type UpdateMemberRequest,
} from '@dahe/shared/contracts';

const ROLES = Object.values(Role);

export class CreateOrganisationDto implements CreateOrganisationRequest {
  @ApiProperty({ enum: ['supervisor', 'school'] })
  @IsIn(['supervisor', 'school'])
  kind!: 'supervisor' | 'school';

  @ApiProperty({ example: '开封市教育局' })
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  parentId!: string;

  @ApiPropertyOptional({ enum: Object.values(SchoolType) })
  @IsOptional()
  @IsIn(Object.values(SchoolType))
  schoolType?: SchoolType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 50)
  city?: string;

  @ApiPropertyOptional({ description: '统一社会信用代码' })
  @IsOptional()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{18}$/)
  creditCode?: string;
}

export class UpdateMemberDto implements UpdateMemberRequest {
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMaxSize(5)
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiProperty({ enum: ['active', 'suspended'] })
  @IsIn(['active', 'suspended'])
  status!: MembershipStatus;
}

export class CreateInvitationDto implements CreateInvitationRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @Length(3, 200)
  email?: string;

  @ApiPropertyOptional({ description: 'Mainland mobile number' })
  @IsOptional()
  @Matches(/^(\+?86)?[\s-]?1[3-9]\d([\s-]?\d{4}){2}$/)
  mobile?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class AcceptInvitationDto implements AcceptInvitationRequest {
  @ApiProperty({ description: 'Lower-case letters, digits, dot, dash, underscore; 3–64', example: 's1.drafter2' })
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/)
  username!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 100)
  displayName!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 1024)
  password!: string;
}
