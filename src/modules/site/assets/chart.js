// Progressive enhancement: draws each `.chart[data-source]` from its JSON data island with
// ECharts. Without JavaScript (or ECharts) the table above it stays the way to read the data.
(() => {
  function draw() {
    if (!window.echarts) return;
    for (const el of document.querySelectorAll('.chart[data-source]')) {
      const island = document.getElementById(el.getAttribute('data-source'));
      if (!island) continue;
      const data = JSON.parse(island.textContent || '{}');
      if (!data.periods || !data.series || data.series.length === 0) continue;
      el.classList.add('drawn');
      el.setAttribute('role', 'img');
      el.setAttribute('aria-label', data.title || '');
      const chart = window.echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption({
        aria: { enabled: true },
        tooltip: { trigger: 'axis' },
        legend: { type: 'scroll', bottom: 0 },
        grid: { left: 8, right: 16, top: 40, bottom: 48, containLabel: true },
        xAxis: { type: 'category', data: data.periods },
        yAxis: { type: 'value', name: data.unit || '', nameTextStyle: { align: 'left' } },
        series: data.series.map((s) => ({
          name: s.name,
          type: data.kind === 'bar' ? 'bar' : 'line',
          data: s.values.map((v) => (v === null ? null : Number(v))),
        })),
      });
      window.addEventListener('resize', () => chart.resize());
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
})();
