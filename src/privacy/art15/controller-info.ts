/**
 * Who is responsible (Art. 13, 15, 30 DSGVO): the controller and its DPO's contact, from configuration
 * (KIM_CONTROLLER_NAME, KIM_CONTROLLER_ADDRESS, KIM_CONTROLLER_EMAIL, KIM_DPO_NAME, KIM_DPO_ADDRESS,
 * KIM_DPO_EMAIL); the defaults are the demo county's.
 */
export interface ControllerInfo {
  controller: { name: string; unit: string; address: string; email: string };
  dpo: { name: string; address: string; email: string };
  /** Art. 77 DSGVO: the supervisory authority for public bodies in NRW. */
  complaintAuthority: { name: string; address: string; email: string; web: string };
}

type Env = Record<string, string | undefined>;

export function controllerInfoFromEnv(env: Env = process.env): ControllerInfo {
  return {
    controller: {
      name: env.KIM_CONTROLLER_NAME ?? 'Kreis Mettmann – Der Landrat',
      unit: env.KIM_CONTROLLER_UNIT ?? 'Kommunales Integrationszentrum (Kommunales Integrationsmanagement)',
      address: env.KIM_CONTROLLER_ADDRESS ?? 'Düsseldorfer Straße 26, 40822 Mettmann',
      email: env.KIM_CONTROLLER_EMAIL ?? 'ki@kreis-mettmann.de',
    },
    dpo: {
      name: env.KIM_DPO_NAME ?? 'Behördliche Datenschutzbeauftragte des Kreises Mettmann',
      address: env.KIM_DPO_ADDRESS ?? 'Düsseldorfer Straße 26, 40822 Mettmann',
      email: env.KIM_DPO_EMAIL ?? 'datenschutz@kreis-mettmann.de',
    },
    complaintAuthority: {
      name: 'Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW)',
      address: 'Kavalleriestraße 2–4, 40213 Düsseldorf',
      email: 'poststelle@ldi.nrw.de',
      web: 'https://www.ldi.nrw.de',
    },
  };
}
