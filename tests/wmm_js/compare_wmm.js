// Compares Kestrel's WMM field (JSON from tests/wmm_field_points) with geomagnetism's.
//   node compare_wmm.js KESTREL.json
// Input: [{year, lat_deg, lon_deg, height_m, north_nt, east_nt, down_nt}, ...].
// geomagnetism conventions (read in its lib/model.js): point([lat, lon, h]) takes h in km and
// uses it as the height above the WGS-84 ellipsoid (despite the README's "above mean sea level");
// the date's decimal year is year + (ms since 1 Jan UTC) / (365 days), so we build the Date from
// our decimal year with that same formula.
'use strict';
const fs = require('fs');
const geomagnetism = require('geomagnetism');
const points = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const limit = 50;  // nT per component
let worst = 0, failed = 0;
for (const p of points) {
  const y = Math.floor(p.year);
  const date = new Date(Date.UTC(y) + (p.year - y) * 365 * 86400e3);
  const ref = geomagnetism.model(date).point([p.lat_deg, p.lon_deg, p.height_m / 1000]);
  const d = [p.north_nt - ref.x, p.east_nt - ref.y, p.down_nt - ref.z];
  const m = Math.max(...d.map(Math.abs));
  worst = Math.max(worst, m);
  const ok = m < limit;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${p.year.toFixed(3)} lat ${p.lat_deg} lon ${p.lon_deg} h ${p.height_m} m: ` +
              `kestrel (${p.north_nt.toFixed(1)}, ${p.east_nt.toFixed(1)}, ${p.down_nt.toFixed(1)}) ` +
              `geomagnetism (${ref.x.toFixed(1)}, ${ref.y.toFixed(1)}, ${ref.z.toFixed(1)}) max |d| ${m.toFixed(3)} nT`);
}
console.log(`wmm_geomagnetism: ${points.length} points, worst component difference ${worst.toFixed(3)} nT (limit ${limit})`);
if (points.length < 6 || failed > 0) process.exit(1);
