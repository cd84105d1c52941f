/** `GET /city/export.xlsx?date=`: the city's day in one workbook (a sheet per grouping), Chinese headers first. */
import ExcelJS from 'exceljs';
import type { CityStats } from './stats.ts';

export async function cityWorkbook(s: CityStats, names: ReadonlyMap<string, string>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'hall-queue central';
  const halls = wb.addWorksheet('各大厅 Halls');
  halls.columns = [
    { header: '大厅编号 Hall id', key: 'id', width: 16 },
    { header: '大厅 Hall', key: 'name', width: 28 },
    { header: '取号 Issued', key: 'issued', width: 12 },
    { header: '办结 Served', key: 'served', width: 12 },
    { header: '过号 No-show', key: 'noShow', width: 12 },
    { header: '等候中 Waiting', key: 'waiting', width: 12 },
    { header: '平均等候(分) Mean wait', key: 'waitMean', width: 16 },
    { header: 'P90 等候(分) P90 wait', key: 'waitP90', width: 16 },
    { header: '平均办理(分) Mean service', key: 'serviceMean', width: 18 },
    { header: '评价数 Ratings', key: 'ratings', width: 12 },
    { header: '好评 Good', key: 'good', width: 10 },
    { header: '差评 Bad', key: 'bad', width: 10 },
  ];
  for (const [id, h] of Object.entries(s.byHall)) {
    halls.addRow({
      id,
      name: names.get(id) ?? id,
      issued: h.issued,
      served: h.served,
      noShow: h.noShow,
      waiting: h.waiting,
      waitMean: h.waitMinutes.mean,
      waitP90: h.waitMinutes.p90,
      serviceMean: h.serviceMinutes.mean,
      ratings: h.ratings.count,
      good: h.ratings.good,
      bad: h.ratings.bad,
    });
  }
  halls.addRow({
    id: '合计 Total',
    name: s.date,
    issued: s.issued,
    served: s.served,
    noShow: s.noShow,
    waiting: s.waiting,
    waitMean: s.waitMinutes.mean,
    waitP90: s.waitMinutes.p90,
    serviceMean: s.serviceMinutes.mean,
    ratings: s.ratings.count,
    good: s.ratings.good,
    bad: s.ratings.bad,
  });
  halls.getRow(1).font = { bold: true };
  const cats = wb.addWorksheet('业务类别 Categories');
  cats.columns = [
    { header: '大厅编号 Hall id', key: 'hall', width: 16 },
    { header: '类别 Category', key: 'cat', width: 16 },
    { header: '取号 Issued', key: 'issued', width: 12 },
    { header: '办结 Served', key: 'served', width: 12 },
    { header: '平均等候(分) Mean wait', key: 'waitMean', width: 16 },
  ];
  for (const [id, h] of Object.entries(s.byHall))
    for (const [c, g] of Object.entries(h.byCategory))
      cats.addRow({ hall: id, cat: c, issued: g.issued, served: g.served, waitMean: g.waitMinutes.mean });
  cats.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
