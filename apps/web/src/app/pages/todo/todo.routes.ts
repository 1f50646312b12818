import type { Routes } from '@angular/router';
import { TodoPage } from './todo-page';

export const todoRoutes: Routes = [{ path: '', title: 'signoff.todo.pageTitle', component: TodoPage }];
