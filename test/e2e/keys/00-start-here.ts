export const KEYS: string[] = ["mc.slope[d=1]", "mc.slope[d=4]", "mc.slope[d=8]", "mc.ratio[d=1]", "mc.ratio[d=4]", "mc.ratio[d=8]"];
