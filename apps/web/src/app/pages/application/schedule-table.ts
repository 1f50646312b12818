import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { TranslatePipe, fieldDomId } from '@dahe/web/core';
import type { ScheduleRow, ScheduleSectionDefinition } from '@dahe/shared/form';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import { ZiCounter } from './zi-counter';

/** A text field of the section got the focus: where it sits in the content, and the element (for the caret). */
export interface FieldFocus {
  readonly path: string;
  readonly element: HTMLInputElement | HTMLTextAreaElement;
}

/** 3.4 建设进度: 分项任务 rows (at least one; 可增加) with a 年度目标 per year, each cell counted against 200 字. */
@Component({
  selector: 'dahe-schedule-table',
  imports: [FormsModule, NzButtonModule, NzIconModule, NzInputModule, NzTooltipModule, TranslatePipe, ZiCounter],
  templateUrl: './schedule-table.html',
  styleUrl: './schedule-table.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScheduleTable {
  readonly definition = input.required<ScheduleSectionDefinition>();
  readonly rows = input.required<readonly ScheduleRow[]>();
  readonly editable = input(false);
  readonly lang = input<'zh-CN' | 'en'>('zh-CN');
  readonly rowsChange = output<ScheduleRow[]>();
  readonly fieldFocus = output<FieldFocus>();

  protected readonly fieldId = (path: string) => fieldDomId('schedule', path);

  protected setTask(index: number, task: string): void {
    this.update(index, (row) => ({ ...row, task }));
  }

  protected setGoal(index: number, year: string, text: string): void {
    this.update(index, (row) => ({ ...row, goals: { ...row.goals, [year]: text } }));
  }

  protected add(): void {
    const goals = Object.fromEntries(this.definition().years.map((year) => [year, ''])) as ScheduleRow['goals'];
    this.rowsChange.emit([...this.rows(), { task: '', goals }]);
  }

  protected remove(index: number): void {
    if (this.rows().length <= this.definition().minRows) return;
    this.rowsChange.emit(this.rows().filter((_, i) => i !== index));
  }

  protected move(index: number, by: -1 | 1): void {
    const target = index + by;
    const rows = [...this.rows()];
    if (target < 0 || target >= rows.length) return;
    [rows[index], rows[target]] = [rows[target] as ScheduleRow, rows[index] as ScheduleRow];
    this.rowsChange.emit(rows);
  }

  protected focused(path: string, event: FocusEvent): void {
    this.fieldFocus.emit({ path, element: event.target as HTMLTextAreaElement });
  }

  private update(index: number, change: (row: ScheduleRow) => ScheduleRow): void {
    this.rowsChange.emit(this.rows().map((row, i) => (i === index ? change(row) : row)));
  }
}
