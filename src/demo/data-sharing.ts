import {
  AGENCY_OFFICERS,
  CONSENT_FORM_VERSION,
  CONSENT_FORMS,
  INFORMATION_LANGUAGES,
  recipientFor,
  REFUSED_TRANSFERS,
  STATUTORY_TRANSFERS,
} from './county.js';
import type { ConsentState, DemoWorld, Participant, Send } from './demo-world.js';
import { DAY_MS, isoDate, officeTime } from './timeline.js';

/**
 * Consents, withdrawals, transfers and their receipts for one participant, as a KI records them: most
 * transfers under an informed consent, a few on a statutory row with a justification (the one to the
 * Ausländerbehörde on its request, approved by the team lead), and some requests the
 * policy refuses (no consent, health data without explicit consent, a welfare association under a statute,
 * a consent withdrawn or expired). Decisions are taken when planned; the calls carry them out.
 */

/** The consent forms signed (or refused) in the intake conversation, as calls to add to the intake job. */
export function planIntakeConsents(world: DemoWorld, p: Participant): (send: Send) => Promise<void> {
  const { random } = world;
  const caller = world.owner(p);
  const year = new Date(world.timeline.now).getUTCFullYear();
  const calls: { body: Record<string, unknown>; consent?: ConsentState }[] = [];
  for (const form of CONSENT_FORMS) {
    const roll = random.next();
    if (roll >= form.share + 0.04) continue;
    const refused = roll >= form.share;
    // At most 24 months (KIM_CONSENT_MAX_MONTHS): the KI's form offers one or two years.
    const validUntil = isoDate(world.timeline.now + random.int(180, 700) * DAY_MS);
    const recipient = recipientFor(form.recipient, p.municipality);
    const interpreter = random.chance(0.4);
    const scope = {
      recipients: [recipient],
      dataCategories: form.dataCategories,
      purposes: [form.purpose],
      interpreterPresent: interpreter,
    };
    if (refused) {
      calls.push({ body: { ...scope, refused: true } });
      continue;
    }
    const reference = String(world.nextSerial()).padStart(5, '0');
    const evidence = random.chance(0.85)
      ? { kind: 'signed-form', reference: `KI-${year}-${reference}` }
      : { kind: 'electronic-declaration', reference: `eDecl-${year}-${reference}` };
    const consent: ConsentState = {
      recipient,
      dataCategories: form.dataCategories,
      purpose: form.purpose,
      validUntil,
    };
    p.consents.push(consent);
    // The language follows from the form's serial, not from the random stream: seeds keep their county.
    const informed = {
      language: interpreter ? INFORMATION_LANGUAGES[Number(reference) % INFORMATION_LANGUAGES.length]! : 'de',
      formVersion: CONSENT_FORM_VERSION,
      interpreter,
    };
    calls.push({ body: { ...scope, validUntil, mutual: form.mutual, evidence, informed }, consent });
    planConsentUse(world, p, consent);
  }
  return async (send) => {
    for (const { body, consent } of calls) {
      const answer = await send({
        caller,
        method: 'POST',
        url: `/persons/${p.personId}/consents`,
        body,
        expect: [201],
      });
      if (consent && answer.status === 201) consent.consentId = answer.body.consentId;
    }
  };
}

function planConsentUse(world: DemoWorld, p: Participant, consent: ConsentState): void {
  const { random, timeline } = world;
  const period = p.period;
  const transfers = random.weighted([
    [1, 5],
    [2, 3],
    [3, 1],
  ] as const);
  for (let i = 0; i < transfers; i++) {
    timeline.at(officeTime(random, timeline.now, 2, 240), () => transferUnderConsent(world, p, consent, period));
  }
  if (!random.chance(0.08)) return;
  timeline.at(officeTime(random, timeline.now, 30, 400), () => {
    if (p.status !== 'open' || p.period !== period || consent.withdrawnAt !== undefined) return;
    consent.withdrawnAt = timeline.now;
    const caller = world.owner(p);
    const reason = random.pick([
      'Teilnehmerin widerruft mündlich',
      'Widerruf per Brief',
      'Teilnehmer wünscht keine Weitergabe mehr',
    ]);
    world.job([p.key], async (send) => {
      const url = `/persons/${p.personId}/consents/${consent.consentId}/withdraw`;
      await send({ caller, method: 'POST', url, body: { reason }, expect: [200] });
    });
    // Now and then someone tries again after the withdrawal; the ledger refuses and records it.
    if (random.chance(0.5))
      timeline.at(officeTime(random, timeline.now, 3, 60), () => transferUnderConsent(world, p, consent, period));
  });
}

/** Expected answers for a consent transfer now; on the last valid day it may go either way (time zones). */
function consentExpectation(world: DemoWorld, consent: ConsentState): number[] {
  const today = isoDate(world.timeline.now);
  if (consent.withdrawnAt !== undefined) return [422];
  if (today < consent.validUntil) return [201];
  if (today === consent.validUntil) return [201, 422];
  return [422];
}

/** `referral`: the summary of a referral (Weitervermittlung) that cites this transfer once it is delivered. */
export function transferUnderConsent(
  world: DemoWorld,
  p: Participant,
  consent: ConsentState,
  period = p.period,
  referral?: string,
): void {
  if (p.status !== 'open' || p.period !== period) return;
  const { random } = world;
  const [first, ...rest] = consent.dataCategories;
  const dataCategories = [first!, ...rest.filter(() => random.chance(0.7))];
  const expect = consentExpectation(world, consent);
  if (expect.includes(201)) p.involved.add(consent.recipient);
  const caller = world.owner(p);
  const receipt = planReceipt(world, p, consent.recipient, expect.includes(201));
  world.job([p.key], async (send) => {
    const body = {
      personId: p.personId,
      caseId: p.caseId,
      toAgency: consent.recipient,
      dataCategories,
      purpose: consent.purpose,
      legalBasis: 'consent',
    };
    const answer = await send({ caller, method: 'POST', url: '/transfers', body, expect });
    if (answer.status !== 201) return;
    receipt.transferId = answer.body.transferId;
    p.delivered.add(consent.recipient);
    if (referral === undefined) return;
    const cites = { agency: consent.recipient, transferId: answer.body.transferId, summary: referral };
    await send({ caller, method: 'POST', url: `/cases/${p.caseId}/referrals`, body: cites, expect: [201] });
  });
}

export function statutoryTransfer(world: DemoWorld, p: Participant): void {
  const { random, timeline } = world;
  const t = random.pick(STATUTORY_TRANSFERS);
  const toAgency = recipientFor(t.toAgency, p.municipality);
  p.involved.add(toAgency);
  const caller = world.owner(p);
  const onRequest = 'request' in t ? t : undefined;
  const fourEyes = onRequest !== undefined;
  const receipt = planReceipt(world, p, toAgency, true, fourEyes ? 3 : 0);
  // An Ersuchen received five days ago, answered under § 71 Abs. 2 SGB X.
  const answered = onRequest && {
    request: {
      authority: onRequest.request.authority,
      reference: `${onRequest.request.reference}${String(world.nextSerial()).padStart(5, '0')}`,
      receivedOn: isoDate(timeline.now - 5 * DAY_MS),
    },
    attestations: [...onRequest.attestations],
  };
  world.job([p.key], async (send) => {
    const body = {
      personId: p.personId,
      caseId: p.caseId,
      toAgency,
      dataCategories: [...t.dataCategories],
      purpose: t.purpose,
      legalBasis: t.legalBasis,
      justification: t.justification,
      ...answered,
    };
    // § 71 Abs. 2 SGB X does not reach Union citizens (FreizügG/EU): for them the request is refused.
    const answer = await send({
      caller,
      method: 'POST',
      url: '/transfers',
      body,
      expect: fourEyes ? [201, 422] : [201],
    });
    if (answer.status !== 201) return;
    receipt.transferId = answer.body.transferId;
    if (!fourEyes) p.delivered.add(toAgency);
  });
  if (!fourEyes) return;
  // Four eyes: the team lead approves the next day (at the same hour); it is decided again then.
  timeline.at(timeline.now + DAY_MS, () => {
    world.job([p.key], async (send) => {
      if (!receipt.transferId) return;
      const url = `/transfers/${receipt.transferId}/approve`;
      const answer = await send({ caller: world.teamLead, method: 'POST', url, expect: [200, 422] });
      if (answer.status === 200) p.delivered.add(toAgency);
      else receipt.transferId = undefined;
    });
  });
}

export function refusedTransfer(world: DemoWorld, p: Participant): void {
  const { kind: _kind, ...t } = world.random.pick(REFUSED_TRANSFERS);
  const caller = world.owner(p);
  world.job([p.key], async (send) => {
    const body = {
      personId: p.personId,
      caseId: p.caseId,
      ...t,
      toAgency: recipientFor(t.toAgency, p.municipality),
      dataCategories: [...t.dataCategories],
    };
    await send({ caller, method: 'POST', url: '/transfers', body, expect: [422] });
  });
}

/** Most recipients acknowledge receipt within days; the call runs only if the transfer went through. */
function planReceipt(
  world: DemoWorld,
  p: Participant,
  agency: string,
  mayBeAllowed: boolean,
  afterDays = 0,
): { transferId?: string } {
  const receipt: { transferId?: string } = {};
  const { random, timeline } = world;
  if (!mayBeAllowed || !random.chance(0.8)) return receipt;
  timeline.at(officeTime(random, timeline.now, 1 + afterDays, 10 + afterDays), () => {
    const officer = { role: 'agency_officer' as const, sub: AGENCY_OFFICERS[agency] ?? 'officer-01', agency };
    world.job([p.key], async (send) => {
      if (receipt.transferId)
        await send({
          caller: officer,
          method: 'POST',
          url: `/transfers/${receipt.transferId}/acknowledge`,
          expect: [200],
        });
    });
  });
  return receipt;
}

/**
 * Art. 17 DSGVO, four eyes: the privacy officer asks for the erasure of a former participant, the team
 * lead approves it. Where one of the county's own retention duties holds the file (409), the privacy
 * officer restricts processing instead (Art. 18 DSGVO).
 */
export function erase(world: DemoWorld, p: Participant): void {
  world.job([p.key], async (send) => {
    const body = { reason: 'Antrag der betroffenen Person auf Löschung (Art. 17 DSGVO), Fall abgeschlossen' };
    const answer = await send({
      caller: world.privacyOfficer,
      method: 'POST',
      url: `/privacy/persons/${p.personId}/erasure`,
      body,
      expect: [202, 409],
    });
    if (answer.status === 202) {
      await send({
        caller: world.teamLead,
        method: 'POST',
        url: `/privacy/erasures/${(answer.body as { erasureId: string }).erasureId}/approve`,
        expect: [200],
      });
      return;
    }
    const reason = 'Löschung wegen Aufbewahrungspflicht nicht möglich; Verarbeitung eingeschränkt (Art. 18 DSGVO)';
    await send({
      caller: world.privacyOfficer,
      method: 'POST',
      url: `${world.restrictBase}/${p.personId}/restrict`,
      body: { reason },
      expect: [200],
    });
  });
}
