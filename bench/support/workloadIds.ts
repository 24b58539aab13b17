/** Ten workloads of the Security and Modern Work programs: each benchmark tenant tracks these. */
export const TEN_WORKLOADS = [
  'intune',
  'entra-id-p2',
  'defender-for-endpoint',
  'defender-for-office-365',
  'defender-for-identity',
  'defender-for-cloud-apps',
  'exchange-online',
  'sharepoint-online',
  'teams',
  'copilot-m365',
];
