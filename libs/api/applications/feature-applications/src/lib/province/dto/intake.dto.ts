import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { IntakeQuery } from '@dahe/shared/contracts';
import { ExportFiltersDto } from './export.dto';

export const INTAKE_SORTS = ['submittedAt', 'schoolName', 'projectName', 'state', 'receiptNo', 'city', 'meanScore'] as const;
export const INTAKE_MAX_PAGE_SIZE = 200;

/** A query string carries text: `?page=3` → 3; anything not a whole number stays as it is and fails @IsInt. */
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value);

/**
 * `GET /api/calls/:id/intake`: the export's filters (the same builder, so the workbook is the list the
 * officer sees: `state` repeated or comma-separated), a sort key with its direction, and the page.
 */
export class IntakeQueryDto extends ExportFiltersDto implements IntakeQuery {
  @ApiPropertyOptional({ enum: INTAKE_SORTS, default: 'submittedAt' })
  @IsOptional()
  @IsIn(INTAKE_SORTS)
  sort?: (typeof INTAKE_SORTS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  dir?: 'asc' | 'desc';

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: INTAKE_MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(INTAKE_MAX_PAGE_SIZE)
  pageSize?: number;
}
