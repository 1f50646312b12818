import { Module } from '@nestjs/common';
import { ApplicationsController, CallsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { CallsService } from './calls.service';

/** Calls and the 申报书 drafted against them. Database comes from AuthModule (global). */
@Module({
  controllers: [CallsController, ApplicationsController],
  providers: [CallsService, ApplicationsService],
})
export class ApplicationsModule {}
