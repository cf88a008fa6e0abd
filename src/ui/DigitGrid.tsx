import { useEffect, useRef } from 'react';
import { classNamesOf, nounOf } from '../core';
import type { SampleDigits } from '../worker/client';

interface DigitProps {
  pixels: Uint8Array;
  rows: number;
  cols: number;
  label: number;
  /** The class's name, as the dataset names it ("7", "Trouser"). */
  name: string;
  /** What an image shows ("Digit", "Garment"). */
  noun: string;
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

/** One image of the dataset with its class's name. */
function Digit({ pixels, rows, cols, label, name, noun }: DigitProps) {
  return (
    <figure className="digit" data-testid="sample-digit" data-label={label}>
      <DigitCanvas pixels={pixels} rows={rows} cols={cols} label={`${noun} ${name}`} />
      <figcaption>{name}</figcaption>
    </figure>
  );
}

/** A few images of the data, each captioned with its class's name. */
export function DigitGrid({ samples }: { samples: SampleDigits }) {
  const size = samples.rows * samples.cols;
  const names = classNamesOf(samples.dataset);
  const noun = nounOf(samples.dataset);
  const capital = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
  return (
    <div
      className={names.some((name) => name.length > 2) ? 'digit-grid named' : 'digit-grid'}
      aria-label={`Sample ${noun.many} from the dataset`}
    >
      {samples.labels.map((label, i) => (
        <Digit
          key={samples.indices[i]}
          pixels={samples.images.subarray(i * size, (i + 1) * size)}
          rows={samples.rows}
          cols={samples.cols}
          label={label}
          name={names[label] ?? String(label)}
          noun={capital(noun.one)}
        />
      ))}
    </div>
  );
}
