import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { formatCode } from '../../core';

/** The join code, the link and its QR code, large enough to scan from the back of a room. */
export function JoinCard({ code }: { code: string }) {
  const link = `${window.location.origin}${window.location.pathname}?class=${code}`;
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
      .then((text) => {
        if (live) setSvg(text);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [link]);
  return (
    <div className="class-join-card">
      <div>
        <p className="class-code-label">Join code</p>
        <p className="class-code" data-testid="class-code" data-code={code}>
          {formatCode(code)}
        </p>
        <p>
          <a href={link} data-testid="class-link">
            {link}
          </a>
        </p>
      </div>
      {svg && (
        <img
          className="class-qr"
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
          alt={`QR code of the join link ${link}`}
          data-testid="class-qr"
        />
      )}
    </div>
  );
}
