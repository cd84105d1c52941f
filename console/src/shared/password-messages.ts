/** Words for choosing a password (forced change at sign-in, admin reset), shared by both consoles under `pw`. */
export const passwordMessages = {
  zh: {
    mustChangeHeading: '请设置您自己的密码',
    mustChangeHint: '该密码由他人交给您（初始密码或管理员重置），继续之前请换成只有您知道的密码。',
    newPassword: '新密码',
    confirm: '再次输入新密码',
    rule: '至少 10 个字符，不能是常见密码',
    mismatch: '两次输入的新密码不一致',
    save: '保存并继续',
    saving: '正在保存…',
  },
  en: {
    mustChangeHeading: 'Choose your own password',
    mustChangeHint: 'Someone gave you this password (an initial one or an admin reset); replace it with one only you know.',
    newPassword: 'New password',
    confirm: 'New password again',
    rule: 'At least 10 characters, not a common password',
    mismatch: 'The two new passwords differ',
    save: 'Save and continue',
    saving: 'Saving…',
  },
};
