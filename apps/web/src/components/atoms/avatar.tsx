export interface AvatarProps {
  name: string;
  url?: string | null;
}

/** The user's picture, or their initial on a colour derived from the name (stable across sessions). */
export function Avatar({ name, url }: AvatarProps) {
  if (url) return <img className="avatar" src={url} alt="" aria-hidden="true" />;
  const hue = [...name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 360, 7);
  return (
    <span className="avatar" aria-hidden="true" style={{ background: `hsl(${hue} 55% 45%)` }}>
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
