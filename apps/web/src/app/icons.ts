import { GlobalOutline, HomeOutline, LockOutline, ReloadOutline, UserOutline } from '@ant-design/icons-angular/icons';

/** The icons the app's own templates use; ng-zorro registers those its components need itself. */
export const APP_ICONS = [GlobalOutline, HomeOutline, LockOutline, ReloadOutline, UserOutline];
