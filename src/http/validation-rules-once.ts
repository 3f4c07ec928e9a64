import { getMetadataStorage } from 'class-validator';

/** One rule of a DTO property (class-validator's ValidationMetadata, not exported by its index); only passed on. */
type ValidationMetadata = object;

type Grouped = Record<string, ValidationMetadata[]>;
interface RuleStorage {
  getTargetValidationMetadatas(
    target: unknown,
    schema: string,
    always: boolean,
    strictGroups: boolean,
    groups?: string[],
  ): ValidationMetadata[];
  groupByPropertyName(metadata: ValidationMetadata[]): Grouped;
  addValidationMetadata(metadata: ValidationMetadata): void;
}

const KEPT = Symbol('kim-ledger: validation rules kept');

/**
 * class-validator looks up a DTO's rules anew for every body it validates: it tests the class against every
 * decorated class known (`instanceof` each) and groups the rules by property, on each request (issue 19: a
 * sixth of the ValidationPipe's time on a POST; "do not pay for it twice"). The rules are fixed once the DTO
 * classes are loaded, so the answers are kept per class and options — and all dropped when a rule is added
 * (a class loaded later), so they are never older than the rules. class-validator only reads them.
 */
export function keepValidationRules(): void {
  const storage = getMetadataStorage() as unknown as RuleStorage & { [KEPT]?: true };
  if (storage[KEPT]) return;
  storage[KEPT] = true;
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let rules = new Map<unknown, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Grouped>();
  storage.addValidationMetadata = (metadata) => {
    rules = new Map();
    grouped = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? ''}`;
    let ofTarget = rules.get(target);
    if (!ofTarget) rules.set(target, (ofTarget = new Map()));
    let found = ofTarget.get(key);
    if (!found) ofTarget.set(key, (found = lookUp(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let byProperty = grouped.get(metadata);
    if (!byProperty) grouped.set(metadata, (byProperty = group(metadata)));
    return byProperty;
  };
}
