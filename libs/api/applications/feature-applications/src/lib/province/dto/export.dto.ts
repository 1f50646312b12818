import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import type { IntakeQuery } from '@dahe/shared/contracts';
import { COOPERATION_CODES } from '@dahe/shared/form';
import { APPLICATION_STATES } from '@dahe/shared/workflow';

/** The intake's filters (IntakeQuery without sort and paging): what the web exports is the list it shows. */
export type ExportFilters = Pick<IntakeQuery, 'state' | 'supervisorId' | 'city' | 'schoolType' | 'cooperationForm' | 'countryCode' | 'q'>;

/** `?state=a&state=b` or `?state=a,b` (a query string), or an array (a JSON body). */
const toList = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])).filter((v) => v !== '');

export class ExportFiltersDto implements ExportFilters {
  @ApiPropertyOptional({ type: [String], enum: APPLICATION_STATES, description: 'Repeat or comma-separate; only received states are exported' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(APPLICATION_STATES, { each: true })
  state?: string[];

  @ApiPropertyOptional({ description: 'The supervising unit (主管单位)' })
  @IsOptional()
  @IsUUID()
  supervisorId?: string;

  @ApiPropertyOptional({ example: '郑州市' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  city?: string;

  @ApiPropertyOptional({ enum: ['higher_vocational', 'secondary_vocational'] })
  @IsOptional()
  @IsIn(['higher_vocational', 'secondary_vocational'])
  schoolType?: 'higher_vocational' | 'secondary_vocational';

  @ApiPropertyOptional({ enum: COOPERATION_CODES })
  @IsOptional()
  @IsIn(COOPERATION_CODES)
  cooperationForm?: string;

  @ApiPropertyOptional({ example: 'KZ' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  countryCode?: string;

  @ApiPropertyOptional({ description: 'Part of the school’s or the project’s name' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}
