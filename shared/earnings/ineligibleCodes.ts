/**
 * Partner Center's codes for unearned usage (its "Ineligible revenue usage details" file,
 * PARTNER-CENTER.md): what each means, and whether the partner can act on it.
 */
export interface IneligibleCode {
  meaning: string;
  partnerCanAct: boolean;
}

export const INELIGIBLE_CODES: Readonly<Record<string, IneligibleCode>> = {
  CUSPUBSEC: { meaning: 'the customer is public sector', partnerCanAct: true },
  CUSNOTNEW: { meaning: 'the customer tenant was created outside the valid period', partnerCanAct: false },
  IVDADV: { meaning: 'an advanced specialization requirement is not fulfilled', partnerCanAct: true },
  IVDCOMP: { meaning: 'the competency status is not met or expired', partnerCanAct: true },
  IVDCOSELL: { meaning: 'co-sell eligibility is not established or expired', partnerCanAct: true },
  IVDMPA: { meaning: 'the MPA agreement is not signed or expired', partnerCanAct: true },
  IVDMPN: { meaning: 'the partner ID is not eligible for the engagement', partnerCanAct: false },
  IVDGEO: { meaning: 'the partner location is ineligible', partnerCanAct: false },
  IVDCUST: { meaning: 'the customer was already counted in past customer-add earnings', partnerCanAct: false },
  CUSEQPTR: { meaning: 'the partner is the customer', partnerCanAct: false },
  CHREVNONCH: { meaning: 'China revenue for a non-China partner', partnerCanAct: false },
  IVDPTRROLE: { meaning: 'the partner role is invalid', partnerCanAct: false },
  IVDPOE: { meaning: 'proof of execution is not approved', partnerCanAct: true },
  INVTNXACO: { meaning: 'an Azure credit offer is active for the customer', partnerCanAct: false },
  PAULWPHWM: { meaning: 'PAU is at or below the prior HWM', partnerCanAct: false },
  MAULWPHWM: { meaning: 'MAU is at or below the prior HWM', partnerCanAct: false },
  IVDCLD: { meaning: 'the cloud is invalid', partnerCanAct: false },
  MINTHNTMT: { meaning: 'the minimum threshold for the HWM is not met', partnerCanAct: false },
  MXTMCPMT: { meaning: 'the maximum time since the claim attach date is met', partnerCanAct: false },
};

/** A code's meaning in words ("an unknown code" for one Partner Center added since). */
export function ineligibleMeaning(code: string): string {
  return INELIGIBLE_CODES[code.toUpperCase()]?.meaning ?? 'a code this product does not know yet';
}
