/** Texts of the phone page behind the ticket QR code: Simplified Chinese first, English second (R18). */
export const phoneResources = {
  zh: {
    translation: {
      title: '排队进度', titleDone: '服务评价', switchLang: 'English', loading: '正在读取号票…', updated: '每 10 秒自动刷新 · 更新于 {{time}}', refresh: '刷新',
      yourNumber: '您的号码', issuedAt: '取号时间 {{time}}',
      status: { waiting: '排队中', called: '请到窗口', serving: '办理中', suspended: '已挂起', done: '已办结', no_show: '已过号', cancelled: '已作废' },
      ahead: '前面还有', persons: '{{count}} 人', wait: '预计等待', waitUnknown: '即将叫号',
      calledAt: '请到 {{number}} 号窗口办理', calledHint: '{{name}} · 叫号后请尽快前往，多次叫号未到将视为过号',
      servingAt: '正在 {{number}} 号窗口办理', servingHint: '{{name}}',
      suspendedHint: '补齐材料后请直接回到 {{window}}，无需重新排队。',
      noShowHint: '多次叫号未到，已视为过号。请到{{desk}}说明情况，工作人员可为您重新排队。',
      cancelledHint: '该号票已作废。如仍需办理，请重新取号或到{{desk}}咨询。',
      waitingHint: '请留意大厅显示屏和语音叫号。离开大厅不会影响排队，但叫号时请在场。',
      unknown: '未找到该号票', unknownHint: '二维码可能已失效。请到{{desk}}咨询。',
      error: '网络连接中断，请稍后再试',
      rate: {
        heading: '请对本次服务进行评价', intro: '评价自愿、匿名，窗口工作人员看不到您的评价。每张号票可评价一次。',
        levels: { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' },
        reasons: '不满意的原因（至少选择一项）', reasonsNeeded: '请选择至少一项原因后再提交',
        comment: '意见或建议（选填）', commentPlaceholder: '请写下您遇到的问题或建议，我们会认真核实', count: '{{count}}/500',
        submit: '提交评价', submitting: '正在提交…', pickLevel: '请选择一个评价等级',
        thanks: '感谢您的评价', thanksHint: '您的评价已提交，我们将用于改进政务服务。',
        thanksBad: '大厅负责人会核实您反映的问题并限期整改。',
        already: '该号票已评价', alreadyHint: '每张号票只能评价一次，感谢您的参与。',
        notRateable: '办理完成后才能评价',
      },
    },
  },
  en: {
    translation: {
      title: 'Queue progress', titleDone: 'Rate the service', switchLang: '中文', loading: 'Loading your ticket…', updated: 'Refreshes every 10 s · updated {{time}}', refresh: 'Refresh',
      yourNumber: 'Your number', issuedAt: 'Taken at {{time}}',
      status: { waiting: 'Waiting', called: 'Please go to the window', serving: 'Being served', suspended: 'On hold', done: 'Finished', no_show: 'Missed', cancelled: 'Cancelled' },
      ahead: 'People ahead', persons: '{{count}}', wait: 'Estimated wait', waitUnknown: 'Soon',
      calledAt: 'Please go to window {{number}}', calledHint: '{{name}} · go now: after several calls a ticket counts as missed',
      servingAt: 'Being served at window {{number}}', servingHint: '{{name}}',
      suspendedHint: 'Once you have the missing documents, go straight back to {{window}}; no need to queue again.',
      noShowHint: 'You were called several times and the ticket counts as missed. Please ask at the {{desk}}; staff can put you back in the queue.',
      cancelledHint: 'This ticket is cancelled. Take a new number or ask at the {{desk}}.',
      waitingHint: 'Watch the hall screens and listen for your number. You may step out, but be here when you are called.',
      unknown: 'Ticket not found', unknownHint: 'The QR code may have expired. Please ask at the {{desk}}.',
      error: 'Network unavailable, please try again',
      rate: {
        heading: 'How was the service?', intro: 'Rating is voluntary and anonymous: window staff cannot see your rating. One rating per ticket.',
        levels: { 5: 'Very satisfied', 4: 'Satisfied', 3: 'Fairly satisfied', 2: 'Dissatisfied', 1: 'Very dissatisfied' },
        reasons: 'What went wrong (choose at least one)', reasonsNeeded: 'Choose at least one reason to submit',
        comment: 'Comments (optional)', commentPlaceholder: 'Tell us what happened or what to improve', count: '{{count}}/500',
        submit: 'Submit rating', submitting: 'Submitting…', pickLevel: 'Choose a rating',
        thanks: 'Thank you', thanksHint: 'Your rating has been recorded and helps us improve.',
        thanksBad: 'The hall manager will look into what you reported and follow up within the set deadline.',
        already: 'Already rated', alreadyHint: 'Each ticket can be rated once. Thank you for taking part.',
        notRateable: 'You can rate once the service is finished',
      },
    },
  },
};

/** English for the default reason tags; a hall's own tags show as configured. */
export const REASON_EN: Record<string, string> = {
  态度不好: 'Unfriendly staff', 等候太久: 'Waited too long', 办事效率低: 'Slow service', 一次性告知不清: 'Unclear what to bring',
  要求重复提交材料: 'Asked for documents twice', 业务不熟练: 'Staff unsure of the matter', 环境设施差: 'Poor facilities', 其他: 'Other',
};
