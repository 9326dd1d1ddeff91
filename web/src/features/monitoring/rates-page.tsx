/** Reporting rates (to be built). */
export default function RatesPage() {
  return null;
}
