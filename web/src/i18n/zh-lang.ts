// UI strings of a user's own account (the password form in the header), Simplified Chinese.
// Kept apart from zh.ts so that each file stays short; zh.ts spreads it in.
export const zhLang = {
  'password.open': '修改密码',
  'password.title': '修改我的密码',
  'password.current': '当前密码',
  'password.new': '新密码',
  'password.newHint': '至少 8 个字符；修改后，您在其他设备上的登录将退出',
  'password.repeat': '再次输入新密码',
  'password.required': '请填写',
  'password.tooShort': '至少 8 个字符',
  'password.mismatch': '两次输入的新密码不一致',
  'password.save': '保存新密码',
  'password.cancel': '取消',
  'password.changed': '密码已修改；其他设备上的 {n} 处登录已退出',
  'auditAction.user.password_change': '修改本人密码',
} as const;
