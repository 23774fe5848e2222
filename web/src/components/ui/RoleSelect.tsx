import type { SelectHTMLAttributes } from "react";
import { ROLES, type Role } from "@/lib/api/types";
import { Select } from "./Input";

interface RoleSelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "onChange" | "value"> {
  value: Role;
  onChange: (role: Role) => void;
}

export function RoleSelect({ value, onChange, className, ...rest }: RoleSelectProps) {
  return (
    <Select value={value} onChange={(e) => onChange(e.target.value as Role)} className={className ?? "w-auto"} {...rest}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r[0]!.toUpperCase() + r.slice(1)}
        </option>
      ))}
    </Select>
  );
}
