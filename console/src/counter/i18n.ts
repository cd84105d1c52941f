/** Texts of the counter console: Simplified Chinese first, English second (R18: components use keys only). */
export const counterResources = {
  zh: {
    translation: {
      app: { title: '窗口工作台', subtitle: '政务服务大厅 · 叫号与办件' },
      common: { cancel: '取消', confirm: '确定' },
      login: {
        heading: '工作人员登录', username: '用户名', password: '密码', submit: '登录', busy: '正在登录…',
        hint: '请使用本人账号登录；离开窗口时请签退或暂停服务。', footer: '一窗受理 · 一次告知 · 一次办结',
      },
      pick: {
        heading: '选择窗口', intro: '{{name}}，请选择您今天所在的窗口。仅列出与您资质相符的窗口。',
        free: '空闲', occupied: '{{name}} 在岗', mine: '您已在此登录', paused: '暂停中', signIn: '在此窗口登录',
        none: '没有与您资质相符的窗口，请联系大厅管理人员。', skills: '可办类别', logout: '退出登录', windowSuffix: '号窗口',
      },
      header: { staff: '在岗人员', online: '实时连接', offline: '连接中断，正在重连…', signOut: '签退' },
      status: { open: '服务中', paused: '暂停服务', closed: '未开启' },
      ticket: {
        none: '当前没有办理中的号票', noneHint: '按 F1 叫号，或按 F9 指定号码呼叫',
        called: '已呼叫 · 第 {{count}} 次', serving: '办理中',
        waited: '等候', sinceCall: '呼叫后', serviceTime: '办理用时', issuedAt: '取号',
        priority: { green: '绿色通道', appointment: '预约' }, transferredIn: '转入', note: '转办备注',
        channel: { kiosk: '自助取号', counter: '窗口取号', appointment: '预约签到', api: '接口', phone: '手机' },
        matters: '办理事项', category: '业务类别',
      },
      form: {
        title: '一表申请信息', none: '群众未在自助机填写表单', loading: '正在读取…', masked: '证件号仅显示后 4 位',
        name: '姓名', idKind: '证件类型', idNumber: '证件号码', phone: '联系电话', address: '地址',
        idKinds: { resident_id: '居民身份证', passport: '护照', hk_macao_permit: '港澳居民来往内地通行证', taiwan_permit: '台湾居民来往大陆通行证', other: '其他证件', none: '未出示证件' },
      },
      materials: {
        title: '材料核验清单', progress: '已核 {{done}}/{{total}}', required: '必需', optional: '容缺/视情况', none: '该事项无需提交材料',
        forms: { original: '原件', copy: '复印件', 'original+copy': '原件及复印件', electronic: '电子材料' }, count: '{{count}} 份',
      },
      actions: {
        callNext: '叫号', callNextServing: '办结并叫号', recall: '重呼', start: '开始办理', finish: '办结', noShow: '过号',
        suspend: '挂起', transfer: '转移', pause: '暂停', resume: '恢复服务', callSpecific: '指呼', handOver: 'AB岗交接',
        callsLeft: '剩余 {{count}} 次', recallNone: '已达上限', noShowRule: '满 {{n}} 次可过号 · {{calls}}/{{n}}',
        noShowReady: '已呼叫 {{calls}} 次', suspendHint: '群众补材料', callNextHint: '下一位群众', startHint: '群众已到窗口',
        finishHint: '并请群众评价', transferHint: '转类别或窗口', pauseHint: '选择暂停原因', resumeHint: '继续叫号',
        callSpecificHint: '按号码呼叫', handOverHint: '同事接替本窗口', pauseBusy: '请先办结当前号票',
      },
      why: {
        'call-next': '请先开始办理、过号、挂起或转移当前号票', 'call-next-paused': '窗口已暂停，请先恢复服务（F8）', recall: '已达到重呼次数上限（最多呼叫 {{n}} 次）',
        'no-show': '过号规则：呼叫满 {{n}} 次仍未到窗口才能过号（当前已呼叫 {{calls}} 次）', pause: '请先办结、挂起或转移当前号票再暂停',
        'call-specific': '请先处理完当前号票再指呼', none: '窗口当前没有号票', generic: '当前状态不允许此操作',
      },
      upcoming: '本窗口等候中',
      side: {
        queues: '本窗口队列', waiting: '等候', longest: '最长 {{min}} 分钟', directed: '定向转入本窗口', persons: '{{count}} 人',
        suspended: '挂起的号票', suspendedNone: '没有挂起的号票', resumeTicket: '恢复办理', suspendedAt: '{{time}} 呼叫 · 返回后恢复办理',
        day: '我的今日', served: '办结', avg: '均时（分）', noShow: '过号', transferred: '转移', minutes: '{{min}} 分钟',
        ratings: '收到的评价', ratingsNote: '仅显示各档数量，不显示评价人与号票', ratingCount: '共 {{count}} 条',
        levels: { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' },
      },
      paused: {
        title: '暂停服务中', reason: '原因：{{reason}}', since: '已暂停 {{time}}', longHint: '暂停超过 {{min}} 分钟将提醒大厅管理人员',
        resume: '恢复服务',
      },
      pauseDlg: { title: '暂停服务', pick: '请选择暂停原因（可按数字键）', other: '其他原因', otherPlaceholder: '请填写原因', confirm: '暂停服务' },
      transferDlg: {
        title: '转移号票 {{number}}', toCategory: '转到业务类别', toWindow: '转到指定窗口', note: '转办备注（选填，仅工作人员可见）',
        notePlaceholder: '例如：需先办理不动产查询', confirm: '确认转移', current: '当前类别', windowClosed: '未开启', windowPaused: '暂停中',
        keepNumber: '号票保留原号码和取号时间，按原取号顺序进入新队列。',
      },
      specificDlg: {
        title: '指呼 · 指定号码呼叫', number: '号码', placeholder: '例如 B012', confirm: '呼叫', waitingList: '本窗口可叫的等候号票（点选填入）',
        noShowList: '今日过号（群众返回时可重新排队）', requeue: '重新排队', requeued: '{{number}} 已重新排队', none: '暂无',
        short: { green: '绿', appointment: '约' },
      },
      handOverDlg: {
        title: 'AB岗交接', intro: '请接替的同事输入本人账号和密码。当前号票 {{number}} 保留在本窗口，由接替同事继续办理。',
        introIdle: '请接替的同事输入本人账号和密码，本窗口将由其接管。', confirm: '确认交接',
      },
      signOutDlg: { title: '签退', body: '确认从 {{window}} 签退并退出登录？', confirm: '签退', busy: '请先办结、挂起或转移当前号票再签退。' },
      toast: {
        called: '已呼叫 {{number}}', recalled: '已重呼 {{number}}', started: '开始办理 {{number}}', finished: '{{number}} 已办结',
        noShow: '{{number}} 已过号', suspended: '{{number}} 已挂起', resumed: '恢复办理 {{number}}', transferred: '{{number}} 已转移',
        paused: '已暂停服务', unpaused: '已恢复服务', empty: '暂无等候群众', emptyOthers: '本窗口暂无可叫号票：等候的群众将由更合适的空闲窗口呼叫', handedOver: '已交接给 {{name}}', signedIn: '已在 {{window}} 登录',
      },
      errors: { network: '网络连接中断，请稍后再试', signedOutElsewhere: '您已不在该窗口登录（可能已被交接或由管理人员签退）' },
    },
  },
  en: {
    translation: {
      app: { title: 'Counter console', subtitle: 'Service hall · calling and serving' },
      common: { cancel: 'Cancel', confirm: 'OK' },
      login: {
        heading: 'Staff sign-in', username: 'Username', password: 'Password', submit: 'Sign in', busy: 'Signing in…',
        hint: 'Use your own account; sign out or pause when you leave the window.', footer: 'One window · one notice · one visit',
      },
      pick: {
        heading: 'Choose your window', intro: '{{name}}, choose the window you work at today. Only windows matching your certifications are listed.',
        free: 'Free', occupied: '{{name}} on duty', mine: 'You are signed in here', paused: 'Paused', signIn: 'Sign in here',
        none: 'No window matches your certifications; please ask a hall supervisor.', skills: 'Categories', logout: 'Log out', windowSuffix: '',
      },
      header: { staff: 'On duty', online: 'Live', offline: 'Connection lost, reconnecting…', signOut: 'Sign out' },
      status: { open: 'Serving', paused: 'Paused', closed: 'Closed' },
      ticket: {
        none: 'No ticket at this window', noneHint: 'Press F1 to call the next ticket, or F9 to call a number',
        called: 'Called · {{count}}×', serving: 'Serving',
        waited: 'Waited', sinceCall: 'Since call', serviceTime: 'Service time', issuedAt: 'Issued',
        priority: { green: 'Priority lane', appointment: 'Appointment' }, transferredIn: 'Transferred', note: 'Transfer note',
        channel: { kiosk: 'Kiosk', counter: 'Counter', appointment: 'Appointment', api: 'API', phone: 'Phone' },
        matters: 'Matters', category: 'Category',
      },
      form: {
        title: 'Kiosk form', none: 'No form was filled at the kiosk', loading: 'Loading…', masked: 'ID shows the last 4 only',
        name: 'Name', idKind: 'Document', idNumber: 'ID number', phone: 'Phone', address: 'Address',
        idKinds: { resident_id: 'Resident ID', passport: 'Passport', hk_macao_permit: 'HK/Macao permit', taiwan_permit: 'Taiwan permit', other: 'Other document', none: 'No document' },
      },
      materials: {
        title: 'Materials checklist', progress: 'Checked {{done}}/{{total}}', required: 'Required', optional: 'Optional', none: 'No materials needed',
        forms: { original: 'Original', copy: 'Copy', 'original+copy': 'Original + copy', electronic: 'Electronic' }, count: '× {{count}}',
      },
      actions: {
        callNext: 'Call next', callNextServing: 'Finish & next', recall: 'Recall', start: 'Start', finish: 'Finish', noShow: 'No-show',
        suspend: 'Suspend', transfer: 'Transfer', pause: 'Pause', resume: 'Resume', callSpecific: 'Call number', handOver: 'Hand over',
        callsLeft: '{{count}} left', recallNone: 'Limit reached', noShowRule: 'After {{n}} calls · {{calls}}/{{n}}',
        noShowReady: 'Called {{calls}}×', suspendHint: 'Fetch documents', callNextHint: 'Next citizen', startHint: 'Citizen arrived',
        finishHint: 'and ask for a rating', transferHint: 'Category or window', pauseHint: 'Choose a reason', resumeHint: 'Back to calling',
        callSpecificHint: 'By ticket number', handOverHint: 'A colleague takes over', pauseBusy: 'Finish the current ticket first',
      },
      why: {
        'call-next': 'Start, mark no-show, suspend or transfer the current ticket first', 'call-next-paused': 'The window is paused; resume first (F8)', recall: 'Recall limit reached ({{n}} calls at most)',
        'no-show': 'No-show rule: only after {{n}} calls without the citizen coming ({{calls}} so far)', pause: 'Finish, suspend or transfer the current ticket before pausing',
        'call-specific': 'Finish the current ticket before calling a number', none: 'The window has no current ticket', generic: 'Not allowed in the current state',
      },
      upcoming: 'Waiting for this window',
      side: {
        queues: 'Queues for this window', waiting: 'Waiting', longest: 'Longest {{min}} min', directed: 'Sent to this window', persons: '{{count}}',
        suspended: 'Suspended tickets', suspendedNone: 'No suspended tickets', resumeTicket: 'Resume', suspendedAt: 'called {{time}} · resume on return',
        day: 'My day', served: 'Served', avg: 'Avg. min', noShow: 'No-shows', transferred: 'Transfers', minutes: '{{min}} min',
        ratings: 'Ratings received', ratingsNote: 'Counts per level only; never who rated or which ticket', ratingCount: '{{count}} in all',
        levels: { 5: 'Very satisfied', 4: 'Satisfied', 3: 'Fair', 2: 'Dissatisfied', 1: 'Very dissatisfied' },
      },
      paused: {
        title: 'Paused', reason: 'Reason: {{reason}}', since: 'Paused for {{time}}', longHint: 'Supervisors are alerted after {{min}} minutes',
        resume: 'Resume service',
      },
      pauseDlg: { title: 'Pause service', pick: 'Choose a reason (number keys work)', other: 'Other reason', otherPlaceholder: 'Type the reason', confirm: 'Pause' },
      transferDlg: {
        title: 'Transfer ticket {{number}}', toCategory: 'To a category', toWindow: 'To a window', note: 'Note (optional, staff only)',
        notePlaceholder: 'e.g. needs a property record search first', confirm: 'Transfer', current: 'current', windowClosed: 'closed', windowPaused: 'paused',
        keepNumber: 'The ticket keeps its number and issue time and joins the new queue in its original order.',
      },
      specificDlg: {
        title: 'Call a specific number', number: 'Number', placeholder: 'e.g. B012', confirm: 'Call', waitingList: 'Waiting tickets this window can call (click to fill)',
        noShowList: 'No-shows today (re-queue a returning citizen)', requeue: 'Re-queue', requeued: '{{number}} re-queued', none: 'None',
        short: { green: 'P', appointment: 'Appt' },
      },
      handOverDlg: {
        title: 'Hand over the window', intro: 'The colleague taking over enters their own username and password. Ticket {{number}} stays at this window.',
        introIdle: 'The colleague taking over enters their own username and password.', confirm: 'Hand over',
      },
      signOutDlg: { title: 'Sign out', body: 'Sign out of {{window}} and log out?', confirm: 'Sign out', busy: 'Finish, suspend or transfer the current ticket first.' },
      toast: {
        called: 'Called {{number}}', recalled: 'Recalled {{number}}', started: 'Serving {{number}}', finished: '{{number}} finished',
        noShow: '{{number}} marked no-show', suspended: '{{number}} suspended', resumed: 'Resumed {{number}}', transferred: '{{number}} transferred',
        paused: 'Service paused', unpaused: 'Service resumed', empty: 'Nobody is waiting', emptyOthers: 'Nothing for this window now: a better-suited idle window will call those waiting', handedOver: 'Handed over to {{name}}', signedIn: 'Signed in at {{window}}',
      },
      errors: { network: 'Network unavailable, try again', signedOutElsewhere: 'You are no longer signed in at this window (handed over or signed out by a supervisor)' },
    },
  },
};
