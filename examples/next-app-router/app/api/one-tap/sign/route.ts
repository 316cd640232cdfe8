import { signHandler } from '@/lib/oneTap';

// GET ?appId=… answers { sign } (no-store): what <OneTapLogin signUrl> fetches before the tap.
export const GET = (request: Request) => signHandler(request);
