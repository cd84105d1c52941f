/** Sample print data for tests, the preview CLI and docs. Fictional hall and people. */
import type { GuidePrintData, TicketPrintData } from '../ticket-layout.ts';

export function sampleTicket(over: Partial<TicketPrintData> = {}): TicketPrintData {
  return {
    hallName: '青山县政务服务中心',
    number: 'A012',
    categoryName: '社会事务',
    serviceNames: ['居民身份证换领', '户口迁移登记（省内）'],
    windows: ['5号窗口', '6号窗口'],
    ahead: 3,
    estimatedWaitMinutes: 15,
    issuedAt: '2026-11-21 09:05',
    noShowRule: '过号请到导办台重新排队；叫号 3 次未到视为过号',
    qrUrl: 'http://127.0.0.1:8080/t/Xy7pQ2mN9sT4vB8kLw3R',
    footer: '咨询投诉电话：0571-12345　导办台在大厅入口左侧',
    ...over,
  };
}

export function sampleGuide(over: Partial<GuidePrintData> = {}): GuidePrintData {
  return {
    hallName: '青山县政务服务中心',
    serviceName: '食品经营许可（新办）',
    categoryName: '企业服务',
    materials: [
      { name: '食品经营许可申请书', form: 'original', count: 1, required: true },
      { name: '营业执照', form: 'original+copy', count: 1, required: true, note: '复印件需加盖公章，原件核验后退还' },
      { name: '法定代表人身份证', form: 'copy', count: 2, required: true },
      { name: '经营场所平面图', form: 'electronic', count: 1, required: false, note: '可现场扫描上传' },
    ],
    conditions: ['已取得营业执照', '有与经营的食品品种、数量相适应的经营场所和设备设施'],
    fee: '不收费',
    promisedLimitDays: 5,
    legalLimitDays: 20,
    maxVisits: 1,
    location: '大厅二楼 B 区 12-15 号窗口',
    consultPhone: '0571-12345678',
    printedAt: '2026-11-21 09:06',
    ...over,
  };
}
