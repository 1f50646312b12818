import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { AssignRequest, ConflictRequest, DecisionsRequest, ReviewSettingsRequest, SaveScoresRequest, ScoreEntryDto } from '@dahe/shared/contracts';

export class RubricCriterionInputDto {
  @ApiProperty({ example: '项目建设基础' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ description: '评分要点: what the expert should look for' })
  @IsString()
  @Length(0, 2000)
  guidance!: string;

  @ApiProperty({ example: 10 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(1000)
  maxScore!: number;

  @ApiProperty({ example: 25, description: 'Weights of the rubric add up to 100 (within 0.01)' })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(100)
  weight!: number;
}

export class ReviewSettingsRequestDto implements ReviewSettingsRequest {
  @ApiProperty({ description: 'Experts see no school identity (匿名评审)' })
  @IsBoolean()
  anonymous!: boolean;

  @ApiProperty({ minimum: 1, maximum: 9 })
  @IsInt()
  @Min(1)
  @Max(9)
  expertsPerApplication!: number;

  @ApiProperty({ description: 'Totals differing by at least this many points are flagged', example: 20 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(100)
  outlierSpread!: number;

  @ApiProperty({ nullable: true, type: String, description: 'ISO 8601 instant until which 补正 is allowed; null: not allowed' })
  @ValidateIf((_, value) => value !== null)
  @IsISO8601({ strict: true })
  correctionUntil!: string | null;

  @ApiProperty({ type: [RubricCriterionInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => RubricCriterionInputDto)
  criteria!: RubricCriterionInputDto[];
}

export class ConflictRequestDto implements ConflictRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  schoolId!: string;

  @ApiProperty({ example: '曾在该校兼职' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class AssignRequestDto implements AssignRequest {
  @ApiProperty({ enum: ['manual', 'balanced'] })
  @IsIn(['manual', 'balanced'])
  mode!: 'manual' | 'balanced';

  @ApiPropertyOptional({ type: [String], description: 'manual: required; balanced: default every application in formal_check_passed or expert_review' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  applicationIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'manual: these experts (required); balanced: the pool (default every expert of the province)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  expertIds?: string[];
}

export class ScoreEntryInputDto implements ScoreEntryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  criterionId!: string;

  @ApiProperty({ nullable: true, type: Number, description: '0…maxScore, or null while unscored' })
  @ValidateIf((_, value) => value !== null)
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  score!: number | null;

  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Length(0, 2000)
  comment!: string;
}

export class SaveScoresRequestDto implements SaveScoresRequest {
  @ApiProperty({ type: [ScoreEntryInputDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ScoreEntryInputDto)
  scores!: ScoreEntryInputDto[];
}

export class DecisionItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  applicationId!: string;

  @ApiProperty({ enum: ['approved', 'rejected'] })
  @IsIn(['approved', 'rejected'])
  decision!: 'approved' | 'rejected';

  @ApiProperty({ maxLength: 2000, description: 'Shown to the school with the result once published' })
  @IsString()
  @Length(0, 2000)
  note!: string;
}

export class DecisionsRequestDto implements DecisionsRequest {
  @ApiProperty({ type: [DecisionItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => DecisionItemDto)
  items!: DecisionItemDto[];
}

export class SchoolSearchQueryDto {
  @ApiPropertyOptional({ description: 'Part of the school’s name' })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  q?: string;
}
