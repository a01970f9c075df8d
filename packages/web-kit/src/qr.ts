import QRCode from 'qrcode';

/**
 * A QR code for a link as an SVG string, rendered on the server (no JavaScript, no camera needed: a phone's
 * camera app opens the https link). Error correction M; the SVG scales to its container.
 * @example const svg = await qrSvg('https://wallet.example/shares/abc');
 */
export async function qrSvg(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  // The SVG is decorative for screen readers: the page always shows the link as text beside it.
  return svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" class="sp-qr" ');
}
