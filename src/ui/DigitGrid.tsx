import { useEffect, useRef } from 'react';
import type { SampleDigits } from '../worker/client';

interface DigitProps {
  pixels: Uint8Array;
  rows: number;
  cols: number;
  label: number;
}

/** A digit drawn pixel for pixel from grey bytes (white ink on black, as MNIST). */
export function DigitCanvas({
  pixels,
  rows,
  cols,
  label,
}: {
  pixels: ArrayLike<number>;
  rows: number;
  cols: number;
  label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(cols, rows);
    for (let i = 0; i < rows * cols; i++) {
      const grey = pixels[i] ?? 0;
      image.data[i * 4] = grey;
      image.data[i * 4 + 1] = grey;
      image.data[i * 4 + 2] = grey;
      image.data[i * 4 + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [pixels, rows, cols]);
  return <canvas ref={canvas} width={cols} height={rows} role="img" aria-label={label} />;
}

/** One digit of the dataset with its label. */
function Digit({ pixels, rows, cols, label }: DigitProps) {
  return (
    <figure className="digit" data-testid="sample-digit" data-label={label}>
      <DigitCanvas pixels={pixels} rows={rows} cols={cols} label={`Digit ${label}`} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

export function DigitGrid({ samples }: { samples: SampleDigits }) {
  const size = samples.rows * samples.cols;
  return (
    <div className="digit-grid" aria-label="Sample digits from the dataset">
      {samples.labels.map((label, i) => (
        <Digit
          key={samples.indices[i]}
          pixels={samples.images.subarray(i * size, (i + 1) * size)}
          rows={samples.rows}
          cols={samples.cols}
          label={label}
        />
      ))}
    </div>
  );
}
