/**
 * Chinese (zh-CN) dictionary: the reference language. Its keys define `TranslationKey`;
 * every other dictionary is typed against them, so a missing or extra key does not compile.
 *
 * Keys are flat and dotted (`area.item`). Placeholders are `{name}`, filled by `t(key, { name })`.
 */
export const zhCN = {
  // Application shell
  'app.title': '大河工坊 · 职教出海项目申报平台',
  'app.brand': '大河工坊',
  'app.product': '职教出海项目申报平台',
  'app.skipToContent': '跳转到主要内容',
  'app.footer.org': '河南省教育厅',
  'app.footer.note': '职业教育出海项目申报与管理',
  'app.titleSeparator': ' - ',

  // Language switch
  'lang.switchAria': '切换界面语言（当前：中文）',

  // Login page
  'login.pageTitle': '登录',
  'login.welcome': '欢迎使用职教出海项目申报平台',
  'login.intro': '本平台面向河南省职业院校，用于职教出海项目的在线申报。请使用所在单位分配的账号登录。',
  'login.heading': '账号登录',
  'login.username': '用户名',
  'login.username.placeholder': '请输入用户名',
  'login.username.required': '请输入用户名',
  'login.password': '密码',
  'login.password.placeholder': '请输入密码',
  'login.password.required': '请输入密码',
  'login.submit': '登录',
  'login.comingSoon': '登录功能将在下一版本开放，敬请期待。',

  // System status (GET /api/health)
  'health.title': '系统状态',
  'health.refresh': '刷新',
  'health.refreshAria': '重新检查系统状态',
  'health.checking': '正在检查服务状态…',
  'health.status.ok': '服务运行正常',
  'health.status.degraded': '服务部分受限',
  'health.status.unavailable': '无法获取服务状态',
  'health.api': '接口服务',
  'health.api.ok': '正常',
  'health.api.degraded': '受限',
  'health.version': '版本',
  'health.database': '数据库',
  'health.database.reachable': '连接正常',
  'health.database.unreachable': '无法连接',
  'health.latency': '响应时延',
  'health.latency.value': '{ms} 毫秒',
  'health.latency.none': '—',
  'health.mode': '数据库模式',
  'health.mode.embedded': '内置',
  'health.mode.external': '外部',
  'health.serverTime': '服务器时间',
  'health.timeZone': '北京时间',
  'health.error.title': '暂时无法获取系统状态',
  'health.retry': '重试',

  // 404
  'notFound.pageTitle': '页面不存在',
  'notFound.title': '页面不存在',
  'notFound.subtitle': '抱歉，您访问的页面不存在或已被移除，请检查网址是否正确。',
  'notFound.backHome': '返回首页',

  // HTTP errors, shown by the interceptor and by components with their own error state
  'error.network': '无法连接到服务器，请检查网络后重试。',
  'error.badRequest': '提交的信息有误，请检查后重试。',
  'error.unauthorized': '您尚未登录或登录已过期，请重新登录。',
  'error.forbidden': '您没有执行此操作的权限。',
  'error.notFound': '请求的内容不存在或已被删除。',
  'error.conflict': '操作冲突：相关内容已存在或状态已变化，请刷新后重试。',
  'error.preconditionFailed': '该内容已被他人修改，请刷新页面获取最新内容后再提交。',
  'error.preconditionRequired': '请求缺少版本信息，请刷新页面后重试。',
  'error.payloadTooLarge': '提交的内容过大，请压缩或拆分后重试。',
  'error.tooManyRequests': '操作过于频繁，请稍后再试。',
  'error.server': '服务器暂时无法处理请求，请稍后重试。',
  'error.serverWithRequestId': '服务器暂时无法处理请求，请稍后重试。如需联系技术支持，请提供请求编号：{requestId}',
  'error.invalidResponse': '服务器返回了无法识别的响应，请稍后重试。',
  'error.unknown': '请求失败（状态码 {status}），请稍后重试。',
} as const satisfies Record<string, string>;

export type TranslationKey = keyof typeof zhCN;

/** The shape every dictionary must have: exactly the zh-CN keys, each a string. */
export type Dictionary = Readonly<Record<TranslationKey, string>>;
