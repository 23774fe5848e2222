import { useEffect, useRef } from "react";

/**
 * An image from fetched bytes (artifacts need the session's token, which a plain <img src> cannot
 * carry). The object URL lives as long as the effect, so it is released when the image changes.
 */
export function BlobImage({ blob, alt, className }: { blob: Blob; alt: string; className?: string }) {
  const img = useRef<HTMLImageElement>(null);
  useEffect(() => {
    const url = URL.createObjectURL(blob);
    if (img.current) img.current.src = url;
    return () => URL.revokeObjectURL(url);
  }, [blob]);
  return <img ref={img} alt={alt} className={className} />;
}
