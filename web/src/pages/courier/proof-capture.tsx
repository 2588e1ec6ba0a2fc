// The proof a courier takes at the door: a signature drawn with a finger and a photo from the camera,
// each made small enough in the page for the server's limit (512 KB decoded) before it is kept.
import { Button } from 'antd';
import { type PointerEvent, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n';

/** The server's limit on an image, decoded; the page aims a little under it. */
const MAX_IMAGE_BYTES = 512 * 1024;
const TARGET_BYTES = MAX_IMAGE_BYTES - 16 * 1024;
const PHOTO_LONG_SIDE = 1600;

/** Bytes a base64 data URL decodes to. */
export function dataUrlBytes(dataUrl: string): number {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  return Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
}

/** A camera photo as a JPEG data URL under the limit: scaled to a long side of 1600 px, then lower quality, then smaller, until it fits. */
export async function downscalePhoto(file: Blob): Promise<string> {
  const bitmap = await createImageBitmap(file);
  try {
    let scale = Math.min(1, PHOTO_LONG_SIDE / Math.max(bitmap.width, bitmap.height));
    for (;;) {
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      for (const quality of [0.85, 0.7, 0.55, 0.4]) {
        const url = canvas.toDataURL('image/jpeg', quality);
        if (dataUrlBytes(url) <= TARGET_BYTES) return url;
      }
      scale *= 0.7;
    }
  } finally {
    bitmap.close();
  }
}

/** A pad the receiver signs on with a finger; `onChange` gets a PNG data URL, or undefined when cleared. */
export function SignaturePad({ value, onChange }: { value?: string; onChange?: (png: string | undefined) => void }) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | undefined>(undefined);
  const [inked, setInked] = useState(value !== undefined);

  // The drawing surface matches the pad's size on screen (sharp on a dense screen, at most 2× for a small PNG).
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    c.width = Math.round(c.clientWidth * ratio);
    c.height = Math.round(c.clientHeight * ratio);
    const g = c.getContext('2d')!;
    g.scale(ratio, ratio);
    g.lineWidth = 2.5;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    g.strokeStyle = '#111';
    if (value) {
      const image = new Image();
      image.onload = () => g.drawImage(image, 0, 0, c.clientWidth, c.clientHeight);
      image.src = value;
    }
    // Drawn once from the value it opened with; later strokes are the pad's own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    last.current = point(e);
    const g = e.currentTarget.getContext('2d')!;
    g.beginPath();
    g.arc(last.current.x, last.current.y, 1.2, 0, Math.PI * 2);
    g.fillStyle = '#111';
    g.fill();
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!last.current) return;
    const g = e.currentTarget.getContext('2d')!;
    const p = point(e);
    g.beginPath();
    g.moveTo(last.current.x, last.current.y);
    g.lineTo(p.x, p.y);
    g.stroke();
    last.current = p;
  };
  const up = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!last.current) return;
    last.current = undefined;
    setInked(true);
    onChange?.(e.currentTarget.toDataURL('image/png'));
  };
  const clear = () => {
    const c = canvas.current!;
    c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
    setInked(false);
    onChange?.(undefined);
  };

  return (
    <div className="songda-m-pad">
      <canvas
        ref={canvas}
        className="songda-m-pad-canvas"
        data-testid="signature-pad"
        aria-label={t('m.signatureHint')}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      {!inked && <span className="songda-m-pad-hint">{t('m.signatureHint')}</span>}
      {inked && (
        <Button size="large" onClick={clear} className="songda-m-pad-clear">
          {t('m.signatureClear')}
        </Button>
      )}
    </div>
  );
}

/** A photo from the phone's back camera (or its gallery), kept downscaled as JPEG. */
export function PhotoInput({ value, onChange }: { value?: string; onChange?: (jpeg: string | undefined) => void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [failed, setFailed] = useState(false);
  const picked = async (file: File | undefined) => {
    if (!file) return;
    setFailed(false);
    try {
      onChange?.(await downscalePhoto(file));
    } catch {
      setFailed(true);
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  return (
    <div className="songda-m-photo">
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        className="songda-sr-only"
        data-testid="photo-input"
        aria-label={t('m.photoTake')}
        onChange={(e) => void picked(e.target.files?.[0])}
      />
      {value ? (
        <>
          <img src={value} alt={t('m.photo')} className="songda-m-photo-preview" data-testid="photo-preview" />
          <Button size="large" danger onClick={() => onChange?.(undefined)}>
            {t('m.photoRemove')}
          </Button>
        </>
      ) : (
        <Button size="large" block onClick={() => input.current?.click()}>
          {t('m.photoTake')}
        </Button>
      )}
      {failed && <div className="ant-form-item-explain-error">{t('m.photoFailed')}</div>}
    </div>
  );
}
