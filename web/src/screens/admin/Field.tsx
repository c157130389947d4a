import type { ComponentChildren } from 'preact';
import { messageFor, type FormError } from './formErrors';

interface FieldFrameProps {
  /** The form's id: field ids are `<form>-<name>`. */
  form: string;
  name: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: FormError;
  children: (control: ControlProps) => ComponentChildren;
}

/** What a control needs to be tied to its label, hint and error. */
export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': 'true' | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A labelled form control with its hint and, when the server refused this field, the server's
 * reason right under it (announced, and linked to the control for screen readers).
 */
export function Field({ form, name, label, hint, error, children }: FieldFrameProps) {
  const id = `${form}-${name}`;
  const message = messageFor(error, name);
  const described = [hint !== undefined ? `${id}-hint` : '', message !== undefined ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({ id, name, 'aria-invalid': message !== undefined ? 'true' : undefined, 'aria-describedby': described || undefined })}
      {hint !== undefined && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {message !== undefined && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {message}
        </p>
      )}
    </div>
  );
}

interface TextFieldProps {
  form: string;
  name: string;
  label: ComponentChildren;
  value: string;
  onInput: (value: string) => void;
  error?: FormError;
  hint?: ComponentChildren;
  type?: 'text' | 'url' | 'email' | 'number';
  required?: boolean;
  readOnly?: boolean;
  placeholder?: string;
  maxLength?: number;
  autoComplete?: string;
  /** A textarea, for lists typed one item a line. */
  rows?: number;
}

export function TextField({ form, name, label, value, onInput, error, hint, type = 'text', rows, ...rest }: TextFieldProps) {
  return (
    <Field form={form} name={name} label={label} hint={hint} error={error}>
      {(control) =>
        rows !== undefined ? (
          <textarea
            {...control}
            rows={rows}
            value={value}
            required={rest.required}
            readOnly={rest.readOnly}
            placeholder={rest.placeholder}
            onInput={(e) => onInput(e.currentTarget.value)}
          />
        ) : (
          <input
            {...control}
            // Preact types each input type as its own variant, which tsc cannot pick for a union-typed prop.
            // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
            type={type as 'text'}
            value={value}
            required={rest.required}
            readOnly={rest.readOnly}
            placeholder={rest.placeholder}
            maxLength={rest.maxLength}
            autoComplete={rest.autoComplete ?? 'off'}
            spellcheck={false}
            onInput={(e) => onInput(e.currentTarget.value)}
          />
        )
      }
    </Field>
  );
}

interface SelectFieldProps {
  form: string;
  name: string;
  label: ComponentChildren;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  error?: FormError;
  hint?: ComponentChildren;
  required?: boolean;
}

export function SelectField({ form, name, label, value, options, onChange, error, hint, required }: SelectFieldProps) {
  return (
    <Field form={form} name={name} label={label} hint={hint} error={error}>
      {(control) => (
        <select {...control} value={value} required={required} onChange={(e) => onChange(e.currentTarget.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A notice above a form's buttons: what went wrong when it concerns no single field. */
export function FormMessage({ message }: { message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p class="notice error" role="alert">
      {message}
    </p>
  );
}
